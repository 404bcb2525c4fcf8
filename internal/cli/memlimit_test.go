package cli

import "testing"

func TestMemoryLimit(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "GOMEMLIMIT" {
				return v
			}
			return ""
		}
	}
	for _, c := range []struct {
		args []string
		env  string
		want int64
	}{
		{nil, "", SoftMemoryLimit},
		{[]string{"--workers", "256"}, "", SoftMemoryLimit},
		{[]string{"frame", "shared-queue", "--at", "1h"}, "", SoftMemoryLimit},
		{[]string{"run", "shared-log", "--headless"}, "", SoftMemoryLimit},
		{[]string{"serve"}, "", -1},
		{[]string{"record", "-o", "x.cast"}, "1GiB", -1},
		{[]string{"export"}, "off", -1},
	} {
		if got := MemoryLimit(c.args, env(c.env)); got != c.want {
			t.Errorf("MemoryLimit(%q) with GOMEMLIMIT=%q = %d, want %d", c.args, c.env, got, c.want)
		}
	}
}
