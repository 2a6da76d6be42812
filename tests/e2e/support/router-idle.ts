import type { Page } from "@playwright/test";

/**
 * The answer's headers are not the end of a submission: Remix still reads it and revalidates the page's data.
 * Clicking again, going to another page or ending the test before then cancels that work, which the page reports as
 * an uncaught AbortError — seen under the load of parallel browser workers. Waits until the router has nothing in
 * flight. A page without JavaScript (or not hydrated yet) has no router and nothing in flight.
 */
export async function routerIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const router = (window as unknown as { __remixRouter?: { state: { navigation: { state: string }; revalidation: string } } }).__remixRouter;
    return !router || (router.state.navigation.state === "idle" && router.state.revalidation === "idle");
  });
}
