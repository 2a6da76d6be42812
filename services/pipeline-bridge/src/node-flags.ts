/**
 * The flags node runs the bridge with (ADR 093), wherever it runs: `npm start`'s services process, which hosts it
 * (scripts/lib/services-build.ts, `startNodeFlags`), a deployment of the service alone (services/pipeline-bridge/package.json's
 * `start`), and the benches' bridge children (bench/bridge/child-process.ts). Tests hold each of those to this list.
 *
 * `--max-semi-space-size=64` (MB; V8's default on 64-bit is 16): a release of 1,000,000 samples allocates its codes,
 * verdicts and manifest in one request, and with 16 MB semi-spaces every scavenge copied and promoted most of them:
 * in process the release's filter spent over half its time collecting garbage (bench/RESULTS.md, "a release's young
 * generation"). The space is a ceiling, grown only under allocation pressure: an idle or lightly used process keeps
 * the small one.
 */
export const bridgeNodeFlags: readonly string[] = ["--max-semi-space-size=64"];
