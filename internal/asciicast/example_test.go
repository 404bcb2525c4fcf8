package asciicast_test

import (
	"os"
	"time"

	"poolviz/internal/asciicast"
)

// A recording of two screens a second apart, of which only the second line
// changes, and its end.
func ExampleWriter() {
	c := asciicast.NewWriter(os.Stdout, 8, 2, "demo")
	c.Screen(0, "queue: 3\ndone: 0")
	c.Screen(time.Second, "queue: 3\ndone: 1")
	c.Close(2 * time.Second)
	// Output:
	// {"version":2,"width":8,"height":2,"title":"demo","env":{"TERM":"xterm-256color"}}
	// [0.000000,"o","\u001b[?25l\u001b[H\u001b[2J\u001b[1;1H\u001b[0mqueue: 3\u001b[2;1H\u001b[0mdone: 0\u001b[K"]
	// [1.000000,"o","\u001b[2;1H\u001b[0mdone: 1\u001b[K"]
	// [2.000000,"o","\u001b[0m\u001b[?25h"]
}
