package tui

import (
	"poolviz/scenarios"
	"poolviz/session"
)

// start returns the run and the session the viewer opens with: the prepared
// Session when there is one (a replay), else a new session of Run, else of
// Scenario with Params, whose zero Workers, Tasks and Speed take the
// scenario's defaults.
func (o Options) start() (scenarios.Run, *session.Session, error) {
	if s := o.Session; s != nil {
		return s.Run(), s, nil
	}
	if o.Run != nil {
		return *o.Run, session.Open(*o.Run, o.sessionOptions()...), nil
	}
	name := o.Scenario
	if name == "" {
		name = scenarios.Default
	}
	run, err := scenarios.Resolve(name, o.Params, o.Params.NonZero()|scenarios.GivenSeed|scenarios.GivenMode)
	if err != nil {
		return run, nil, err
	}
	return run, session.Open(run, o.sessionOptions()...), nil
}

// sessionOptions are the options of the sessions the viewer opens itself.
func (o Options) sessionOptions() []session.Option {
	if o.NoSnapshots {
		return []session.Option{session.NoSnapshots()}
	}
	return nil
}
