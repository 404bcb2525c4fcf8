//go:build !unix

package tui

import tea "charm.land/bubbletea/v2"

// suspender does nothing where there is no job control to suspend to.
type suspender struct{}

func newSuspender() *suspender                             { return &suspender{} }
func (*suspender) start(*tea.Program)                      {}
func (*suspender) filter(_ tea.Model, msg tea.Msg) tea.Msg { return msg }
func (*suspender) stop()                                   {}
