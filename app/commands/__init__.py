"""One module per `writeoff` subcommand. Each exposes `HELP`, `configure(parser)` and `run(args, settings) -> int`."""
