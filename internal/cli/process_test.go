package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// envChild makes the test binary, started by a test, act as something else:
// "main" runs Main on the arguments after "--", as the poolviz binary would;
// "outputs" creates outputs as export does and waits in the middle of writing
// them (see childOutputs).
const envChild = "POOLVIZ_TEST_CHILD"

func TestMain(m *testing.M) {
	switch os.Getenv(envChild) {
	case "main":
		args := os.Args[slices.Index(os.Args, "--")+1:]
		os.Exit(Main(args, os.Stdout, os.Stderr))
	case "outputs":
		os.Exit(childOutputs(os.Args[slices.Index(os.Args, "--")+1:]))
	}
	// The viewer's highlighter (chroma) matches with regexp2, whose coarse
	// clock for match timeouts stops by itself once no match runs; a signal
	// test's os/signal watcher lives as long as the process.
	goleak.VerifyTestMain(m,
		goleak.IgnoreAnyFunction("github.com/dlclark/regexp2/v2.runClock"),
		goleak.IgnoreTopFunction("os/signal.signal_recv"),
		goleak.IgnoreTopFunction("os/signal.loop"))
}

// childOutputs writes the files args name through writeOutputs, as export
// does, and in the middle of writing says "writing" on stdout and waits for
// its stdin to close: a signal then finds the temporary files there.
func childOutputs(paths []string) int {
	var outs []output
	for _, p := range paths {
		outs = append(outs, output{"--events", p})
	}
	err := writeOutputs(outs, os.Stdout, os.Stderr, false, func(ws []io.Writer) error {
		for _, w := range ws {
			io.WriteString(w, "half of it")
		}
		fmt.Println("writing")
		io.Copy(io.Discard, os.Stdin)
		return errors.New("stdin closed before a signal came")
	})
	fmt.Fprintln(os.Stderr, err)
	return exitFailure
}

// child starts the test binary as envChild says, with args.
func child(t *testing.T, as string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), envChild+"="+as)
	return cmd
}

// waitFor waits until dir holds a temporary file, or the deadline (a guard
// against a hang, not a measure) passes.
func waitFor(t *testing.T, dir string, deadline time.Duration) {
	t.Helper()
	end := time.Now().Add(deadline)
	for time.Now().Before(end) {
		if slices.ContainsFunc(names(t, dir), func(n string) bool { return strings.Contains(n, ".tmp-") }) {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("no temporary file appeared in %s", dir)
}

// checkStopped waits for cmd, which got sig, and checks that it exited with
// 128 plus the signal, said so, and left dir empty.
func checkStopped(t *testing.T, cmd *exec.Cmd, sig syscall.Signal, stderr *strings.Builder, dir string) {
	t.Helper()
	err := cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 128+int(sig) {
		t.Errorf("after %v: %v, want exit code %d; stderr %q", sig, err, 128+int(sig), stderr.String())
	}
	if !strings.Contains(stderr.String(), "stopped by") {
		t.Errorf("stderr %q does not say the command was stopped", stderr.String())
	}
	if left := names(t, dir); len(left) != 0 {
		t.Errorf("after %v the folder holds %v, want nothing", sig, left)
	}
}

// TestASignalDuringRecordLeavesNoFile interrupts a long recording, and an
// export that simulates a long run, with SIGINT and SIGTERM while their
// temporary files are there: the command exits with 128 plus the signal and
// leaves no file behind.
func TestASignalDuringRecordLeavesNoFile(t *testing.T) {
	for _, tc := range []struct {
		sig  syscall.Signal
		args []string
	}{
		{syscall.SIGINT, []string{"record", "lock", "--duration", "1h", "-o", "r.cast"}},
		{syscall.SIGTERM, []string{"record", "lock", "--duration", "1h", "-o", "r.cast"}},
		{syscall.SIGINT, []string{"export", "shared-queue", "--tasks", "10000", "--events", "e.jsonl", "--trace", "t.json"}},
		{syscall.SIGTERM, []string{"export", "shared-queue", "--tasks", "10000", "--events", "e.jsonl", "--trace", "t.json"}},
	} {
		sig := tc.sig
		t.Run(tc.args[0]+"-"+sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			cmd := child(t, "main", tc.args...)
			cmd.Dir = dir
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			waitFor(t, dir, time.Minute)
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			checkStopped(t, cmd, sig, &stderr, dir)
		})
	}
}

// TestASignalDuringExportLeavesNoFile stops export's writing of two outputs,
// as writeOutputs does it, with SIGINT and SIGTERM: both temporary files go.
func TestASignalDuringExportLeavesNoFile(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			cmd := child(t, "outputs", filepath.Join(dir, "run.jsonl"), filepath.Join(dir, "run.json"))
			var stderr strings.Builder
			cmd.Stderr = &stderr
			stdin, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			defer stdin.Close()
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			if line, err := bufio.NewReader(stdout).ReadString('\n'); line != "writing\n" {
				t.Fatalf("the child said %q (%v), want writing; stderr %q", line, err, stderr.String())
			}
			if n := len(names(t, dir)); n != 2 {
				t.Fatalf("%d temporary files while writing, want 2", n)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			checkStopped(t, cmd, sig, &stderr, dir)
		})
	}
}
