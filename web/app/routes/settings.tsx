import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { AppShell } from "#app/components/app-shell";
import { requireAccount } from "#app/web.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAccount(context, request);
  return null;
}

export default function Settings() {
  return (
    <AppShell>
      <main id="main" className="settings" tabIndex={-1}>
        <h1>Settings</h1>
        <nav aria-label="Settings" className="tabs">
          <NavLink to="/settings/channels">WhatsApp numbers</NavLink>
          <NavLink to="/settings/templates">Templates</NavLink>
          <NavLink to="/settings/tokens">API tokens</NavLink>
          <NavLink to="/settings/notifications">Notifications</NavLink>
          <NavLink to="/settings/working-hours">Working hours</NavLink>
          <NavLink to="/settings/labels">Labels</NavLink>
          <NavLink to="/settings/saved-replies">Saved replies</NavLink>
          <NavLink to="/settings/sessions">Sessions</NavLink>
          <NavLink to="/settings/security">Security</NavLink>
        </nav>
        <Outlet />
      </main>
    </AppShell>
  );
}
