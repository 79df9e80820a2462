package util

import "strings"

// Slug turns a title into a lower-case, dash-separated identifier.
func Slug(title string) string {
	fields := strings.Fields(strings.ToLower(title))
	return strings.Join(fields, "-")
}

// Clamp keeps value between low and high.
func Clamp(value, low, high int) int {
	if value < low {
		return low
	}
	if value > high {
		return high
	}
	return value
}
