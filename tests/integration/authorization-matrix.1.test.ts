// Shard 1 of the authorization matrix (tests/integration/authorization-matrix.ts, issue 10): its table, run in shards
// so the matrix does not hold one core while the other waits (issue 26).
import { authorizationMatrixShard } from "./authorization-matrix";

authorizationMatrixShard(1);
