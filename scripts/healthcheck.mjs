// The container's health check (`node healthcheck.mjs` in the image): exit 0 when the mock answers
// GET /health with 200, 1 otherwise. The image's HEALTHCHECK, compose.yaml and CI services use it.
const port = process.env.FLIREO_MOCK_PORT || 4010
try {
  const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1500) })
  process.exit(res.ok ? 0 : 1)
} catch {
  process.exit(1)
}
