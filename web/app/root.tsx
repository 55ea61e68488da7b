import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect } from "react";
import { faviconCountOf, faviconHref } from "#app/components/favicon.ts";
import { reloadExceptAfterARead } from "#app/inbox/inbox-revalidation.ts";
import { registerServiceWorker } from "#app/pwa/register-service-worker.ts";
import { followVisualViewport } from "#app/pwa/visual-viewport.ts";
import { APPLE_TOUCH_ICON, DARK_THEME_COLOR, MANIFEST_PATH, THEME_COLOR } from "#app/pwa/web-app-manifest.ts";
import { csrfTokenFor } from "#app/security/csrf.server.ts";
import { authenticateRead } from "#app/web.server";
import { useNonce } from "./nonce";
import phoneStyles from "./phone.css?url";
import styles from "./styles.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  // After styles.css: the phone layout overrides it below its breakpoint, and only there.
  { rel: "stylesheet", href: phoneStyles },
  // Installable from the browser (issue 15): app/pwa/web-app-manifest.ts.
  { rel: "manifest", href: MANIFEST_PATH },
  { rel: "apple-touch-icon", href: APPLE_TOUCH_ICON.src, sizes: `${APPLE_TOUCH_ICON.size}x${APPLE_TOUCH_ICON.size}` },
];

export const meta: MetaFunction = () => [{ title: "Cloud PA" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { web } = context;
  const csrf = csrfTokenFor(request, web.env.SESSION_SECRET, web.secureCookies);
  const auth = await authenticateRead(context, request);
  const account =
    auth?.via === "session"
      ? { userId: auth.account.userId, email: auth.account.email, orgName: auth.account.orgName }
      : null;
  return data(
    { csrf: csrf.token, account },
    csrf.setCookie ? { headers: { "set-cookie": csrf.setCookie } } : undefined,
  );
}

/** A conversation marked read changes neither the CSRF token nor the account: nothing to reload (issue 16). */
export const shouldRevalidate = reloadExceptAfterARead;

export type RootData = typeof loader;

export function useRootData() {
  return useRouteLoaderData<RootData>("root");
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  const faviconCount = faviconCountOf(useMatches());
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        {/* The on-screen keyboard shrinks the layout, so the composer stays above it (app/pwa/visual-viewport.ts). */}
        <meta name="viewport" content="width=device-width, initial-scale=1, interactive-widget=resizes-content" />
        {/* The first that matches is taken: the dark theme's top bar at night, else the brand's teal. */}
        <meta name="theme-color" media="(prefers-color-scheme: dark)" content={DARK_THEME_COLOR} />
        <meta name="theme-color" content={THEME_COLOR} />
        <Meta />
        <Links />
        {/* With the title, in the same render (and so in the page as served): a route's count on it. */}
        <link rel="icon" href={faviconHref(faviconCount)} />
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
  // The offline shell (web/public/sw.js) and the phone's visible height, once the page runs.
  useEffect(() => {
    registerServiceWorker();
    return followVisualViewport();
  }, []);
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
          <a href="/inbox" className="button">
            Back to the inbox
          </a>
        </p>
      </div>
    </main>
  );
}
