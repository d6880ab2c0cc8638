package store

import (
	"strings"
	"testing"
)

func TestParseMoney(t *testing.T) {
	good := []struct {
		in   string
		want Pence
	}{
		{"£3.40", 340}, {"3.40", 340}, {"3.4", 340}, {"3", 300}, {"340p", 340}, {"£1,234.50", 123450},
		{" £ 3.40 ", 340}, {"0", 0}, {"0.05", 5}, {".5", 50}, {"£0.99", 99}, {"5p", 5}, {"0p", 0},
		{"£1,000,000", 100_000_000}, {"1000000.00", 100_000_000}, {"12,345,6", -1}, {"007.10", 710},
		{"100000000p", 100_000_000}, {"£ 12", 1200},
	}
	for _, c := range good {
		got, err := ParseMoney(c.in)
		if c.want < 0 {
			if err == nil {
				t.Errorf("ParseMoney(%q) = %d, want an error", c.in, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ParseMoney(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	bad := map[string]string{
		"":                        "enter an amount",
		"   ":                     "enter an amount",
		"-3":                      "negative",
		"-£3":                     "negative",
		"£-3.00":                  "negative",
		"−3":                      "negative",
		"3.405":                   "more than two decimal places",
		"3.4.5":                   "more than one decimal point",
		"£":                       "after the £",
		"abc":                     "not an amount",
		"3.":                      "ends with a decimal point",
		"£1,000,000.01":           "more than £1,000,000.00",
		"1000001":                 "more than",
		"99999999999999999999999": "more than",
		"100000001p":              "more than",
		"3.5p":                    "whole numbers",
		"£3p":                     "mixes pounds and pence",
		"1,23":                    "commas in the wrong places",
		",123":                    "commas",
		"1,2345":                  "commas",
		"3,40":                    "commas",
		"£3 40":                   "not an amount",
		"3e2":                     "not an amount",
		"0x10":                    "not an amount",
		"٣":                       "not an amount", // an Arabic-Indic three
		"+3":                      "not an amount",
		"p":                       "whole numbers",
		".":                       "not an amount",
	}
	for in, want := range bad {
		got, err := ParseMoney(in)
		if err == nil {
			t.Errorf("ParseMoney(%q) = %d, want an error about %q", in, got, want)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("ParseMoney(%q): %q does not say %q", in, err, want)
		}
	}
}

func TestPenceString(t *testing.T) {
	for p, want := range map[Pence]string{
		0: "£0.00", 5: "£0.05", 340: "£3.40", 105: "£1.05", -105: "-£1.05", -5: "-£0.05",
		123450: "£1,234.50", 100_000_000: "£1,000,000.00", 99_999: "£999.99", 100_000: "£1,000.00",
	} {
		if got := p.String(); got != want {
			t.Errorf("Pence(%d).String() = %q, want %q", int64(p), got, want)
		}
	}
	for p, want := range map[Pence]string{0: "0.00", 340: "3.40", 123450: "1234.50", -105: "-1.05"} {
		if got := p.Decimal(); got != want {
			t.Errorf("Pence(%d).Decimal() = %q, want %q", int64(p), got, want)
		}
	}
}

func TestMulRate(t *testing.T) {
	cases := []struct {
		rate Pence
		q    Hundredths
		want Pence
	}{
		{45, 1000, 450},   // 10 miles at 45p
		{45, 1250, 563},   // 12.5 miles: 562.5p rounds half up
		{45, 10, 5},       // 0.1 mile: 4.5p rounds up to 5p
		{45, 30, 14},      // 0.3 miles: 13.5p → 14p
		{45, 20, 9},       // 0.2 miles: 9p exactly
		{1050, 175, 1838}, // 1¾ hours at £10.50: 1837.5p → £18.38
		{1050, 25, 263},   // ¼ hour: 262.5p → 263p
		{999, 33, 330},    // 0.33 × 999 = 329.67 → 330
		{1, 49, 0},        // 0.49p → 0
		{1, 50, 1},        // 0.5p → 1
		{-45, 1250, -563}, // halves away from zero
		{0, 1000, 0},
		{MaxMoney, MaxQuantity, MaxMoney * 10000},
	}
	for _, c := range cases {
		if got := MulRate(c.rate, c.q); got != c.want {
			t.Errorf("MulRate(%d, %d) = %d, want %d", c.rate, c.q, got, c.want)
		}
	}
}

func TestParseQuantities(t *testing.T) {
	for in, want := range map[string]Hundredths{"12": 1200, "12.5": 1250, "0.1": 10, "12.5 miles": 1250, "1 mile": 100} {
		if got, err := ParseMiles(in); err != nil || got != want {
			t.Errorf("ParseMiles(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"12.55", "-1", "", "abc", "1.", "99999999"} {
		if got, err := ParseMiles(in); err == nil {
			t.Errorf("ParseMiles(%q) = %v, want an error", in, got)
		}
	}
	for in, want := range map[string]Hundredths{"1.75": 175, "2": 200, "0.25": 25, "30h": 3000, "1.5 hours": 150} {
		if got, err := ParseHours(in); err != nil || got != want {
			t.Errorf("ParseHours(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"1.3", "1.333", "-2", "x"} {
		if got, err := ParseHours(in); err == nil {
			t.Errorf("ParseHours(%q) = %v, want an error", in, got)
		}
	}
	for q, want := range map[Hundredths]string{1250: "12.5", 175: "1.75", 3000: "30", 5: "0.05"} {
		if got := q.String(); got != want {
			t.Errorf("Hundredths(%d).String() = %q, want %q", int64(q), got, want)
		}
	}
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"£3.40", "3.40", "3.4", "3", "340p", "£1,234.50", " £ 3.40 ", "-1", "3.4.5", "£", "abc",
		"£1,000,000", "1,000,000.01", "0.001", "9999999999999999999p", "£ ,", ".", "p", "1,2,3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseMoney(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("ParseMoney(%q): empty message", s)
			}
			return
		}
		if p < 0 || p > MaxMoney {
			t.Fatalf("ParseMoney(%q) = %d: out of range", s, p)
		}
		back, err := ParseMoney(p.String())
		if err != nil || back != p {
			t.Fatalf("ParseMoney(%q) = %d; its String %q reads back as %d, %v", s, p, p.String(), back, err)
		}
		back, err = ParseMoney(p.Decimal())
		if err != nil || back != p {
			t.Fatalf("ParseMoney(%q) = %d; its Decimal %q reads back as %d, %v", s, p, p.Decimal(), back, err)
		}
	})
}
