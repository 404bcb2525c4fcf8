package pool

// Option configures a Pool.
type Option func(*poolConfig)

type poolConfig struct {
	workers  int
	maxTasks int
	init     func(p *Proc) error
	initArgs string
	name     string
	executor bool // an Executor's: a worker that dies breaks it
}

// Workers sets the number of workers. The default is runtime.NumCPU(), as Python's
// Pool uses os.cpu_count(); a Simulated run is reproducible only with the same number.
func Workers(n int) Option { return func(c *poolConfig) { c.workers = n } }

// MaxTasksPerChild replaces a worker after it completed n jobs (a map chunk is one
// job); the replacement runs the initializer again with an empty store. 0, the
// default, keeps workers for the pool's life.
func MaxTasksPerChild(n int) Option { return func(c *poolConfig) { c.maxTasks = n } }

// WithInitializer runs fn(p, arg) in every worker before its first task, and in
// every replacement worker: Python's initializer and initargs. What fn stores with
// p.Globals().Set is that worker's own global state. An error or panic breaks the pool.
func WithInitializer[T any](fn func(p *Proc, arg T) error, arg T) Option {
	return func(c *poolConfig) {
		c.init = func(p *Proc) error { return fn(p, arg) }
		c.initArgs = render(arg)
	}
}

// WithName names the pool in events and explanations. The default is "pool".
func WithName(name string) Option { return func(c *poolConfig) { c.name = name } }
