import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, Outlet } from "@remix-run/react";
import { requireOperator } from "#app/admin/require-operator.server.ts";
import { AppShell } from "#app/components/app-shell";

export const meta: MetaFunction = () => [{ title: "Operator · Cloud PA" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireOperator(context, request);
  return null;
}

export default function Admin() {
  return (
    <AppShell>
      <main id="main" className="settings admin" tabIndex={-1}>
        <h1>
          <Link to="/admin">Operator</Link>
        </h1>
        <Outlet />
      </main>
    </AppShell>
  );
}
