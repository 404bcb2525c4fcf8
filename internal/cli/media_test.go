package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"poolviz/scenarios"
)

// TestEveryPresetHasATape checks assets/tapes against the presets: one tape
// each, opening that preset (scripts/tapes.sh writes them).

// repoRoot is the repository's root, seen from this package's folder, where go
// test runs its tests.
const repoRoot = "../.."

func TestEveryPresetHasATape(t *testing.T) {
	for _, sc := range scenarios.All() {
		b, err := os.ReadFile(filepath.Join(repoRoot, "assets", "tapes", sc.Name+".tape"))
		if err != nil {
			t.Errorf("%s has no tape: run scripts/tapes.sh (%v)", sc.Name, err)
			continue
		}
		// The viewer opens paused: the first space starts the run, and says so.
		for _, want := range []string{"Output assets/recordings/" + sc.Name + ".gif\n", `Type "poolviz run ` + sc.Name + " ",
			"# The viewer opens paused: space starts the run.\nSpace\n"} {
			if !strings.Contains(string(b), want) {
				t.Errorf("assets/tapes/%s.tape lacks %q: run scripts/tapes.sh", sc.Name, want)
			}
		}
	}
}

// TestReadmeMediaExist checks that every file of assets/ and scripts/ the
// README links to exists, and that the example recording is an asciicast.
func TestReadmeMediaExist(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	links := regexp.MustCompile(`\]\(((?:assets|scripts|pool)/[^)]+)\)`).FindAllStringSubmatch(string(readme), -1)
	if len(links) < 5 {
		t.Fatalf("the README links to %d files of the repository, want the screenshots, the recording and the scripts", len(links))
	}
	for _, l := range links {
		if _, err := os.Stat(filepath.Join(repoRoot, l[1])); err != nil {
			t.Errorf("the README links to %s: %v", l[1], err)
		}
	}
	readCast(t, readFile(t, filepath.Join(repoRoot, "assets/recordings/shared-queue.cast")), 100, 30)
}

// TestCommittedMediaAreCurrent checks that the README's committed frames and
// recording are what scripts/screenshots.sh makes now, from the lines of
// scripts/media.txt it reads: a change to what the viewer draws must come
// with the media made again (run scripts/screenshots.sh). The PNGs are drawn
// from the .ansi frames compared here.
func TestCommittedMediaAreCurrent(t *testing.T) {
	t.Setenv("NO_COLOR", "") // as the script runs it, in colour
	list := string(readFile(t, filepath.Join(repoRoot, "scripts", "media.txt")))
	n := 0
	for line := range strings.SplitSeq(list, "\n") {
		file, args, ok := strings.Cut(line, "|")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		n++
		argv := strings.Fields(args)
		var got []byte
		if argv[0] == "record" {
			out := filepath.Join(t.TempDir(), "media.cast")
			got = recordTo(t, out, argv[1:]...)
		} else {
			got = []byte(poolviz(argv...).ok(t, argv...).stdout)
		}
		if want := readFile(t, filepath.Join(repoRoot, file)); string(got) != string(want) {
			t.Errorf("%s is not what poolviz %s makes now: run scripts/screenshots.sh", file, args)
		}
	}
	if n < 4 {
		t.Errorf("scripts/media.txt lists %d files, want the three screenshots and the recording", n)
	}
}
