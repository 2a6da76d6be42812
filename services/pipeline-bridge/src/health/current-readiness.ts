import type { BridgeHealth, HealthState } from "./bridge-health";

/**
 * Whether `rows` more answers may be given now: the bridge's health, and room in the decision log's buffer for their
 * rows (an answer that could not be logged is not given: with the buffer full, every item denies). One definition for
 * the decision routes and `/readyz`, so a load balancer reading `/readyz` takes out of rotation a replica that would
 * deny everything for want of room in its log.
 */
export function currentReadiness(context: { health: BridgeHealth; decisionLog: { hasRoomFor(rows: number): boolean } }, rows = 1): HealthState {
  return context.decisionLog.hasRoomFor(rows) ? context.health.current() : { ready: false, reason: "database_unavailable" };
}
