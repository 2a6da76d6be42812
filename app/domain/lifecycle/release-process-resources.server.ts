import { closeVisaKeys } from "../access/index.server";
import { closeReceiptKeys, closeWitnessLogs, stopDirectConsentPublish } from "../consent/index.server";
import { closeDatabaseConnections } from "./close-database-connections.server";

/**
 * Lets go of what the app holds in its process between requests: the database client and pool, the watch on the
 * visa keys and the consent receipt keys, the witness log's append handle (ADR 113) and the direct publish's NATS connection (ADR 159). For a process that goes on after the app it served is gone: a test worker serves one test file's app
 * after another (issue 26), each with its own database and data folder, where a watch left behind would log errors
 * about a folder that no longer exists. The next request opens both again.
 */
export async function releaseProcessResources(): Promise<void> {
  closeVisaKeys();
  closeReceiptKeys();
  await closeWitnessLogs();
  await stopDirectConsentPublish();
  await closeDatabaseConnections();
}
