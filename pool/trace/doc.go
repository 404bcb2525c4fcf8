// Package trace saves, loads and exports the events of a poolviz run.
//
// # The event log (JSON lines), version 3
//
// A saved run is a text file of JSON objects, one per line, each line ending in a
// newline (a file whose last line has none was cut short, and is refused). The
// first line is the header:
//
//	{"poolviz":"events","version":2,"scenario":"shared-queue","seed":1,"mode":"simulated","workers":4,"tasks":10,"speed":1,"params":{"chunksize":"2"}}
//
// "poolviz" is always "events"; "version" is the schema version. The other
// fields describe the run and are optional: the scenario's name, the engine's
// seed, its mode ("simulated" or "parallel"), the number of workers and tasks,
// the speed factor, and free-form parameters (strings by name). A reader ignores
// header fields it does not know.
//
// The last line is the end line, which counts the events before it:
//
//	{"poolviz":"end","events":202}
//
// A traced Python program's run (poolviz trace --save) is written as version 3:
// its header has "source":"trace", the script's file name ("script"), the hex
// SHA-256 of its text ("script_sha256"), the Python version that ran it
// ("python") and the text itself ("listing"), so that a replay shows the
// program without its file; "scenario" is empty. A preset's run has none of
// these fields and is written as version 2, as before.
//
// A file without the end line was cut short, even at the end of a line, and one whose
// count does not match has lines missing or added: both are refused. Version 1,
// the first, had no end line; files of version 1 are still read, and cannot
// tell a cut at the end of a line.
//
// Every other line is one pool.Event:
//
//	{"seq":12,"t":1000000000,"actor":{"kind":"worker","id":2},"kind":"task-started","gen":1,"task":3,"index":2,"chunk":2,"value":"2"}
//
// Its fields:
//
//   - seq: the event's sequence number, from 1, strictly increasing down the file.
//   - t: virtual time since the run began, in integer nanoseconds.
//   - actor: who did it; kind is "main", "worker" (with id, from 1) or "result-handler".
//   - kind: the event kind's stable name (pool.Kind.String), such as "pool-created",
//     "task-started", "queue-put", "deadlock". Kinds are only ever added.
//   - gen, task, index, chunk, count: integers; object, other, label, value, err:
//     strings; dur: a duration in integer nanoseconds; vars: a list of
//     {"name":..., "value":...}. Their meaning per kind is documented on
//     pool.Event and the pool.Kind constants. A field that is zero is left out.
//
// A reader refuses, naming the line: invalid or truncated JSON, a header that is
// missing or of a newer version, an unknown event kind or actor kind, an unknown
// field in an event, a seq that does not increase, empty lines, a missing or
// wrong end line, and lines after it. Writing then
// reading then writing gives the same bytes. A change that adds a field or
// changes a meaning increases the version.
//
// # Chrome trace export
//
// WriteChromeTrace writes the run in the Trace Event format that Perfetto
// (ui.perfetto.dev) and chrome://tracing open: one track per worker with spans
// for each generation, the initializer, tasks, sleeps and waits; a track for the
// main program; a track where results arrive; counters for the task queue and
// every shared queue; and flow arrows from each submission to the task's start,
// and from the task's end to its result's arrival. Timestamps are microseconds.
package trace
