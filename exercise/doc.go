// Package exercise reads workshop exercises and checks a run against them.
//
// An exercise is data, a TOML file a teacher writes: what runs (a preset with
// its params, or a Python program the learner edits, traced), an optional
// prediction asked before the run, goals, hints and a solution kept in a file
// of its own. A goal is a predicate over the run's events from a closed
// vocabulary (Checks lists it), so that poolviz can check what output tests
// cannot: that no update was lost, that every worker ran its initializer once,
// that a program deadlocks.
//
// Checking is a fold over events, as the picture is: a Checker applies each
// event as the run plays, so a viewer turns each goal green or red as the run
// proves it, and a headless check gives the same verdicts at the end.
package exercise
