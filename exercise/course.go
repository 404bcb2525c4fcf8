package exercise

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

//go:embed course
var courseFS embed.FS

// courseFiles reads the files of the built-in course.
type courseFiles struct{}

func (courseFiles) ReadFile(name string) ([]byte, error) {
	return courseFS.ReadFile(path.Join("course", name))
}

// Course returns the built-in course, in course order. Its files are part of
// the binary, so a broken one is a bug: Course returns its error.
func Course() ([]*Exercise, error) {
	entries, err := fs.Glob(courseFS, "course/*.toml")
	if err != nil {
		return nil, err
	}
	return readAll(entries, func(p string) (*Exercise, error) {
		data, err := courseFS.ReadFile(p)
		if err != nil {
			return nil, err
		}
		return Parse(p, data, courseFiles{})
	})
}

// Dir returns the exercises of a teacher's folder: every .toml file in it, in
// the order of their names (a number prefix, "1-", orders a course).
func Dir(dir string) ([]*Exercise, error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, &Error{Path: dir, Msg: "is not a folder of exercise files"}
	}
	entries, err := filepath.Glob(filepath.Join(dir, "*.toml"))
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return nil, &Error{Path: dir, Msg: "holds no exercise file (NAME.toml)"}
	}
	return readAll(entries, ReadFile)
}

// readAll reads each file in course order and names each exercise.
func readAll(files []string, read func(string) (*Exercise, error)) ([]*Exercise, error) {
	sort.Slice(files, func(i, j int) bool { return courseLess(path.Base(files[i]), path.Base(files[j])) })
	out := make([]*Exercise, 0, len(files))
	for _, f := range files {
		ex, err := read(f)
		if err != nil {
			return nil, err
		}
		ex.Name = courseName(ex.Name)
		out = append(out, ex)
	}
	return out, nil
}

// courseName drops a file name's order prefix: "3-lost-update" is "lost-update".
func courseName(name string) string {
	if n, rest, ok := strings.Cut(name, "-"); ok {
		if _, err := strconv.Atoi(n); err == nil {
			return rest
		}
	}
	return name
}

// courseLess orders file names by their number prefix, then by name.
func courseLess(a, b string) bool {
	na, nb := orderOf(a), orderOf(b)
	if na != nb {
		return na < nb
	}
	return a < b
}

func orderOf(name string) int {
	if n, _, ok := strings.Cut(name, "-"); ok {
		if v, err := strconv.Atoi(n); err == nil {
			return v
		}
	}
	return 1 << 30
}

// Find returns the exercise arg names: a path to an exercise file (it ends in
// ".toml"), or a name in dir's exercises when dir is given, else in the
// built-in course.
func Find(arg, dir string) (*Exercise, error) {
	if strings.HasSuffix(arg, ".toml") {
		return ReadFile(arg)
	}
	var all []*Exercise
	var err error
	if dir != "" {
		all, err = Dir(dir)
	} else {
		all, err = Course()
	}
	if err != nil {
		return nil, err
	}
	names := make([]string, len(all))
	for i, ex := range all {
		if ex.Name == arg {
			return ex, nil
		}
		names[i] = ex.Name
	}
	return nil, fmt.Errorf("no exercise %q: the exercises are %s (or give a path to a .toml file)", arg, strings.Join(names, ", "))
}
