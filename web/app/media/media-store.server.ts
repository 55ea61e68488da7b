import { MediaStore } from "@cloudpa/kit";
import type { WebContext } from "#app/web-context.server.ts";

const stores = new WeakMap<WebContext, Promise<MediaStore>>();

/** The media Object Store the set-up step created (decision 021), opened once per web context. */
export function mediaStoreOf(web: WebContext): Promise<MediaStore> {
  let store = stores.get(web);
  if (!store) {
    store = MediaStore.open(web.nc, web.names);
    stores.set(web, store);
  }
  return store;
}
