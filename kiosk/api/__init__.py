"""HTTP layer: dependencies, error mapping, middleware and thin routes."""
