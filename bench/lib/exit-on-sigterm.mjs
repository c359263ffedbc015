// Preloaded (node --import) into a server that has no SIGTERM handler of its own, so that it exits
// on SIGTERM as node expects before it writes a --cpu-prof profile.
process.on('SIGTERM', () => process.exit(0))
