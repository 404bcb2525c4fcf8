package scenarios_test

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"poolviz/pool"
	"poolviz/scenarios"
)

// stepRow is one row of a step-label table of assets/python/README.md.
type stepRow struct{ where, snippet string }

// readmeSteps reads the step-label tables of assets/python/README.md: for each
// preset, each label's place (worker-init, worker-task, main) and snippet.
func readmeSteps(t *testing.T) map[string]map[string][]stepRow {
	t.Helper()
	f, err := os.Open("../assets/python/README.md")
	if err != nil {
		t.Fatalf("the Python twins' README: %v", err)
	}
	defer f.Close()
	tables := map[string]map[string][]stepRow{}
	var cur map[string][]stepRow
	inSteps := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "## "):
			inSteps = line == "## Step labels"
			cur = nil
		case inSteps && strings.HasPrefix(line, "### "):
			cur = map[string][]stepRow{}
			tables[strings.TrimSpace(line[4:])] = cur
		case cur != nil && strings.HasPrefix(line, "| "):
			cells := strings.Split(strings.Trim(line, "|"), "|")
			if len(cells) != 4 {
				continue
			}
			label, where := strings.TrimSpace(cells[0]), strings.TrimSpace(cells[1])
			snippet := strings.TrimSpace(cells[3])
			if !strings.HasPrefix(snippet, "`") || !strings.HasSuffix(snippet, "`") {
				continue // the header row
			}
			cur[label] = append(cur[label], stepRow{where: where, snippet: strings.Trim(snippet, "`")})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return tables
}

// TestStepLabels checks that the Go drivers and the Python listings cannot drift
// apart: every label in Steps is the README's, with a snippet found on exactly
// one line of the listing, and every label a run marks is in Steps, marked by
// the actor the README says runs that line.
func TestStepLabels(t *testing.T) {
	tables := readmeSteps(t)
	for _, sc := range scenarios.All() {
		t.Run(sc.Name, func(t *testing.T) {
			src, err := sc.Source()
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(src, "\n")
			table, ok := tables[sc.Name]
			if !ok {
				t.Fatalf("assets/python/README.md has no step-label table for %s", sc.Name)
			}
			for label, snippet := range sc.Steps {
				n := 0
				for _, l := range lines {
					if strings.Contains(l, snippet) {
						n++
					}
				}
				if n != 1 {
					t.Errorf("label %q: snippet %q is on %d lines of %s, want exactly 1", label, snippet, n, sc.Listing)
				}
				if sc.LineOf(src, label) == 0 {
					t.Errorf("label %q: LineOf finds no line", label)
				}
				rows := table[label]
				if len(rows) != 1 || rows[0].snippet != snippet {
					t.Errorf("label %q: snippet %q, the README says %v", label, snippet, rows)
				}
			}
			for label := range table {
				if _, ok := sc.Steps[label]; !ok {
					t.Errorf("label %q of the README is missing from Steps", label)
				}
			}
			r := playToEnd(t, sc, sc.Defaults)
			for _, ev := range r.events {
				if ev.Kind != pool.KindTaskStep {
					continue
				}
				if _, ok := sc.Steps[ev.Label]; !ok {
					t.Errorf("the driver marks step %q, which Steps does not map to a line", ev.Label)
					continue
				}
				var where string
				switch {
				case ev.Actor.Kind == pool.ActorMain:
					where = "main"
				case ev.Task == 0:
					where = "worker-init"
				default:
					where = "worker-task"
				}
				if rows := table[ev.Label]; len(rows) == 1 && rows[0].where != where {
					t.Errorf("step %q is marked in %s (%v), the README says it runs in %s", ev.Label, where, ev.Actor, rows[0].where)
				}
			}
		})
	}
}
