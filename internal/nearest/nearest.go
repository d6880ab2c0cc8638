// Package nearest finds the word a mistyped one was most likely meant to
// be, for "did you mean …?" in messages about settings and key names.
package nearest

// Word is the choice nearest to word (by edit distance, at most 3 edits
// away), or "" when none is near.
func Word(word string, choices []string) string {
	best, dist := "", 4
	for _, c := range choices {
		if d := Distance(word, c); d < dist {
			best, dist = c, d
		}
	}
	return best
}

// Distance is the Levenshtein distance between a and b, in bytes.
func Distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
