/**
 * The push concept's public entry for server code: what routes, components, the server, scripts and other concepts may use
 * (ADR 101, 130). Everything else in this folder is the concept's own; lint refuses an import of it from outside.
 */
export { changeDeviceKinds } from "./change-device-kinds.server";
export { deliverPush, notifyDevices } from "./deliver-push.server";
export { listPushDevices } from "./list-devices.server";
export { stopDevice } from "./stop-device.server";
export { subscribeDevice } from "./subscribe-device.server";
export { vapidKeys } from "./vapid-keys.server";
