package store

import (
	"context"
	"path/filepath"
	"testing"
)

func TestSettingRoundTrip(t *testing.T) {
	ctx := context.Background()
	s, err := Open(filepath.Join(t.TempDir(), "settings.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, err := s.Setting(ctx, "missing"); err != nil || v != "" {
		t.Fatalf("unset setting = %q, %v; want \"\", nil", v, err)
	}
	if err := s.SetSetting(ctx, "colour", "dark"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSetting(ctx, "colour", "light"); err != nil {
		t.Fatal(err)
	}
	if v, err := s.Setting(ctx, "colour"); err != nil || v != "light" {
		t.Fatalf("setting = %q, %v; want light", v, err)
	}
	if err := s.SetSetting(ctx, " ", "x"); err == nil {
		t.Error("a setting without a name was accepted")
	}
}
