import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLocation } from "@remix-run/react";
import { ChevronDown } from "lucide-react";
import { AppShell } from "#app/components/app-shell";
import { requireAccount } from "#app/web.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAccount(context, request);
  return null;
}

const SECTIONS = [
  ["/settings/channels", "WhatsApp numbers"],
  ["/settings/templates", "Templates"],
  ["/settings/tokens", "API tokens"],
  ["/settings/notifications", "Notifications"],
  ["/settings/working-hours", "Working hours"],
  ["/settings/labels", "Labels"],
  ["/settings/saved-replies", "Saved replies"],
  ["/settings/sessions", "Sessions"],
  ["/settings/security", "Security"],
] as const;

export default function Settings() {
  const { pathname } = useLocation();
  const current = SECTIONS.find(([to]) => pathname.startsWith(to))?.[1] ?? "Choose a section";
  const links = SECTIONS.map(([to, name]) => (
    <NavLink key={to} to={to}>
      {name}
    </NavLink>
  ));
  return (
    <AppShell>
      <main id="main" className="settings" tabIndex={-1}>
        <h1>Settings</h1>
        <nav aria-label="Settings" className="tabs">
          {links}
        </nav>
        {/* A phone's (phone.css): the sections as a menu under the open one's name; as tabs they
            wrapped to four rows above every page. Keyed by the page, so it is closed on arrival. */}
        <details className="sections-menu" key={pathname}>
          <summary>
            <span className="visually-hidden">Section: </span>
            {current}
            <ChevronDown className="icon" aria-hidden="true" />
          </summary>
          <nav aria-label="Settings">{links}</nav>
        </details>
        <Outlet />
      </main>
    </AppShell>
  );
}
