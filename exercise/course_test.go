package exercise

import "testing"

func TestCourseReads(t *testing.T) {
	all, err := Course()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 8 {
		t.Fatalf("the course has %d exercises, want 8 or more", len(all))
	}
	for _, ex := range all {
		if ex.Solution == "" || (ex.Run.Starter == "" && !ex.Run.YouSchedule) || len(ex.Hints) == 0 {
			t.Errorf("%s: starter (or a scheduling run), solution and hints are required", ex.Name)
		}
	}
	t.Log(all[0].Name, all[7].Name)
}
