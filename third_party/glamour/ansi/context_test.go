package ansi

import (
	"html"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/microcosm-cc/bluemonday"
)

var htmlPieces = []string{
	"text", " ", "\n", "<b>", "</b>", "<script>", "</script>", "<style>", "</style>", "<title>", "</title>",
	"<iframe>", "</iframe>", "<object>", "</object>", "<noscript>", "</noscript>", "<textarea>", "</textarea>",
	"<xmp>", "</xmp>", "<plaintext>", "<!-- comment -->", "<!--", "-->", "<!DOCTYPE html>", "<?php x ?>",
	"&amp;", "&lt;", "&#27;", "&#x1b;", "&nbsp;", "&bogus;", "&", "<", ">", "<a href='x>y'>", "</a>",
	"<img src=x onerror=alert(1)/>", "<br/>", "</>", "</ x>", "<frameset>", "<frame>", "</frameset>", "é", "\x00", "\r\n", "\r", "\t",
}

// TestStripHTMLIsStrictPolicy checks that stripHTML gives exactly what
// glamour gave with bluemonday's strict policy and html.UnescapeString.
func TestStripHTMLIsStrictPolicy(t *testing.T) {
	policy := bluemonday.StrictPolicy()
	for seed := range uint64(20000) {
		rng := rand.New(rand.NewPCG(seed, 7))
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(htmlPieces[rng.IntN(len(htmlPieces))])
		}
		s := b.String()
		if want, got := html.UnescapeString(policy.Sanitize(s)), stripHTML(s); want != got {
			t.Fatalf("seed %d: %q\nbluemonday %q\nstripHTML  %q", seed, s, want, got)
		}
	}
}
