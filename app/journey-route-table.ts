/**
 * The consent journey's screens on its two surfaces — the participant's own, and a coordinator's on a clinic tablet
 * — as one definition (issue 31 item 5, ADR 104): each screen's address, route id and whether it takes a form.
 * app/routes.ts makes a route of every surface × screen, all served by one module
 * (app/routes-support/journey/journey-route.tsx), which finds its screen here by route id or by address; the edge's
 * 405 asks it which methods a route answers (server/allowed-methods.ts). Plain data: read by the route config at build
 * time, by the server and by the browser.
 */
export const journeySurfaces = {
  online: { path: "consent/journey", id: "routes/participant/consent.journey" },
  assisted: { path: "staff/participants/:id/assisted", id: "routes/staff/staff.participants.$id.assisted" },
} as const;

export type JourneySurfaceName = keyof typeof journeySurfaces;

export const journeyScreens = {
  start: { path: "", id: "_index", takesForm: true },
  section: { path: "section/:n", id: "section.$n", takesForm: true },
  check: { path: "check/:n", id: "check.$n", takesForm: true },
  choice: { path: "choice/:n", id: "choice.$n", takesForm: true },
  review: { path: "review", id: "review", takesForm: false },
  sign: { path: "sign", id: "sign", takesForm: true },
  stop: { path: "stop", id: "stop", takesForm: false },
  assent: { path: "assent/:journeyId", id: "assent.$journeyId", takesForm: true },
  done: { path: "done/:journeyId", id: "done.$journeyId", takesForm: false },
} as const;

export type JourneyScreenName = keyof typeof journeyScreens;

/** The module that serves every journey route, as the route config names files (under app/). */
export const JOURNEY_ROUTE_FILE = "routes-support/journey/journey-route.tsx";

export interface JourneyRoute {
  /** The route id, as a route file of the same address would have had (`routes/participant/consent.journey.sign`). */
  id: string;
  /** The address pattern without the leading slash (`consent/journey/section/:n`). */
  path: string;
  surface: JourneySurfaceName;
  screen: JourneyScreenName;
  /** The start screen is the index route of its address. */
  index: boolean;
  /** The methods it answers: GET and HEAD, and POST where the screen takes a form. */
  methods: readonly string[];
}

export const journeyRoutes: readonly JourneyRoute[] = (Object.keys(journeySurfaces) as JourneySurfaceName[]).flatMap((surface) =>
  (Object.keys(journeyScreens) as JourneyScreenName[]).map((screen) => {
    const base = journeySurfaces[surface];
    const step = journeyScreens[screen];
    return {
      id: `${base.id}.${step.id}`,
      path: step.path ? `${base.path}/${step.path}` : base.path,
      surface,
      screen,
      index: screen === "start",
      methods: step.takesForm ? ["GET", "HEAD", "POST"] : ["GET", "HEAD"],
    };
  }),
);

const byId = new Map(journeyRoutes.map((route) => [route.id, route]));

export function journeyRouteById(id: string | undefined): JourneyRoute | undefined {
  return id === undefined ? undefined : byId.get(id);
}

/**
 * The journey route an address is, as the router matched it: fixed segments alike (case-insensitively, as Remix
 * matches), a `:param` any one segment. Remix's `.data` suffix (single fetch) is looked through.
 */
export function journeyRouteOfPath(pathname: string): JourneyRoute | undefined {
  const segments = pathname.replace(/\.data$/, "").split("/").filter(Boolean);
  return journeyRoutes.find((route) => {
    const pattern = route.path.split("/");
    return pattern.length === segments.length && pattern.every((part, index) => part.startsWith(":") || part.toLowerCase() === segments[index]!.toLowerCase());
  });
}
