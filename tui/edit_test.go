package tui

import (
	"strings"
	"testing"
)

// Issue 9, defect 12: the person form refuses a consent-to-contact date
// still to come as it is typed, by the store's rule, as saving does.
func TestPersonFormRefusesConsentDateToCome(t *testing.T) {
	v := personForm{today: "2026-03-14"}
	v.Consent = true
	check := personLive(&v)["consent_date"]
	if err := check("2026-03-15"); err == nil || !strings.Contains(err.Error(), "has not come yet") {
		t.Errorf("a consent date tomorrow: %v", err)
	}
	for _, ok := range []string{"2026-03-14", "01/02/2026"} {
		if err := check(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
}
