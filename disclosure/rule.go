package disclosure

import "fmt"

// DefaultThreshold is NHS Digital's: counts of 1 to 7 people are hidden.
const DefaultThreshold = 7

// MaxThreshold is the strictest threshold a Rule may have.
const MaxThreshold = 1000

// Base is what shown counts are rounded to the nearest of.
const Base = 5

// Rule says which counts are too small to show. The zero Rule is NHS().
type Rule struct {
	threshold int
}

// NHS is NHS Digital's rule: 1 to 7 hidden, everything else but 0 rounded
// to the nearest 5.
func NHS() Rule { return Rule{threshold: DefaultThreshold} }

// WithThreshold is a stricter rule, hiding counts of 1 to threshold people.
// A threshold below 7 would show counts NHS Digital's rule hides, and is
// refused.
func WithThreshold(threshold int) (Rule, error) {
	if threshold < DefaultThreshold {
		return Rule{}, fmt.Errorf("a threshold of %d would show counts of %d to %d people, which NHS Digital's rule hides: use %d or more",
			threshold, threshold+1, DefaultThreshold, DefaultThreshold)
	}
	if threshold > MaxThreshold {
		return Rule{}, fmt.Errorf("a threshold of %d is more than %d: it would hide almost everything", threshold, MaxThreshold)
	}
	return Rule{threshold: threshold}, nil
}

// Threshold is the largest count hidden as "*".
func (r Rule) Threshold() int {
	if r.threshold < DefaultThreshold {
		return DefaultThreshold
	}
	return r.threshold
}

// count publishes one raw count on its own (no totals around it).
func (r Rule) count(n int) Count {
	switch {
	case n <= 0:
		return Count{k: kindZero}
	case n <= r.Threshold():
		return Count{k: kindSmall}
	}
	return Count{k: kindRounded, v: roundToBase(n)}
}

// roundToBase rounds n to the nearest multiple of Base (Base is odd, so
// there are no ties).
func roundToBase(n int) int { return (n + Base/2) / Base * Base }

// Footnote says what the rule does, in plain English, for under a table.
func (r Rule) Footnote() string {
	t := r.Threshold()
	return fmt.Sprintf("%s = 1 to %d people, not shown so that nobody can be recognised; other counts are rounded to the nearest %d "+
		"(NHS Digital's rule%s), and totals are rounded on their own, so they need not add up. "+
		"Percentages are worked out from the rounded counts, and none from %d people or fewer.",
		Small, t, Base, stricter(t), t)
}

func stricter(t int) string {
	if t == DefaultThreshold {
		return ""
	}
	return fmt.Sprintf(", with a stricter threshold of %d", t)
}

// ShortFootnote is the footnote in a sentence, for a screen.
func (r Rule) ShortFootnote() string {
	return fmt.Sprintf("%s = 1 to %d people, not shown so that nobody can be recognised; other counts rounded to the nearest %d (NHS Digital's rule%s).",
		Small, r.Threshold(), Base, stricter(r.Threshold()))
}
