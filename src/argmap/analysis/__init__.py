"""The analysis core: model -> graph -> evaluation -> findings, shared by every command."""
