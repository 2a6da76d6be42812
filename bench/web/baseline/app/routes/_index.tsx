// One page of the size of Tsunagi's /sign-in: a loader, a form and a list of 20 items (issue 30's anchor).
import { json, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";

export const meta: MetaFunction = () => [{ title: "Sign in" }, { name: "description", content: "The bench's plain Remix page" }];

export function loader() {
  return json({
    items: Array.from({ length: 20 }, (_, index) => ({ id: index + 1, title: `Item ${index + 1}`, text: `What item ${index + 1} says, in a sentence or two.` })),
  });
}

export default function Index() {
  const { items } = useLoaderData<typeof loader>();
  return (
    <main>
      <h1>Sign in</h1>
      <Form method="post">
        <label>
          Email address
          <input type="email" name="email" autoComplete="username" required />
        </label>
        <label>
          Password
          <input type="password" name="password" autoComplete="current-password" required />
        </label>
        <button type="submit">Sign in</button>
      </Form>
      <ul>
        {items.map((item) => (
          <li key={item.id}>
            <a href={`/items/${item.id}`}>{item.title}</a> <span>{item.text}</span>
          </li>
        ))}
      </ul>
    </main>
  );
}

export function action() {
  return json({ ok: false });
}
