import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { csrfTokenFor } from "#app/security/csrf.server.ts";
import { authenticateRead } from "#app/web.server";
import { useNonce } from "./nonce";
import styles from "./styles.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  {
    rel: "icon",
    href: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='8' fill='%230f766e'/%3E%3Cpath d='M9 11h14v9H14l-5 4z' fill='white'/%3E%3C/svg%3E",
  },
];

export const meta: MetaFunction = () => [{ title: "Cloud PA" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { web } = context;
  const csrf = csrfTokenFor(request, web.env.SESSION_SECRET, web.secureCookies);
  const auth = await authenticateRead(context, request);
  const account = auth?.via === "session" ? { email: auth.account.email, orgName: auth.account.orgName } : null;
  return data(
    { csrf: csrf.token, account },
    csrf.setCookie ? { headers: { "set-cookie": csrf.setCookie } } : undefined,
  );
}

export type RootData = typeof loader;

export function useRootData() {
  return useRouteLoaderData<RootData>("root");
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#0f766e" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    status === 404
      ? "There is nothing here, or it belongs to another account."
      : isRouteErrorResponse(error) && typeof error.data === "string"
        ? error.data
        : "Something went wrong on our side. Try again in a moment.";
  return (
    <main className="centered-page">
      <div className="card narrow">
        <h1>{status === 404 ? "Not found" : status === 403 ? "Not allowed" : "Something went wrong"}</h1>
        <p>{message}</p>
        <p>
          <a href="/inbox">Back to the inbox</a>
        </p>
      </div>
    </main>
  );
}
