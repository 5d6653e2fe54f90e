"""Tests of the spec pipeline (tools/graph_calls_spec) and of the client it generates."""
