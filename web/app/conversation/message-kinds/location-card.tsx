import { MapPin } from "lucide-react";
import { mapLinkOf } from "./kind-message.ts";

/** A shared location: the place's name and address, its coordinates, and a link to the map. */
export function LocationCard({
  location,
}: {
  location: { latitude: number; longitude: number; address?: string; label?: string };
}) {
  const coordinates = `${location.latitude.toFixed(5)}, ${location.longitude.toFixed(5)}`;
  return (
    <div className="kind-card location-card" data-kind="location">
      <p className="kind-card-title">
        <MapPin className="icon" />
        {location.label ?? "Location"}
      </p>
      {location.address ? <p className="kind-card-line">{location.address}</p> : null}
      <p className="kind-card-line muted small">{coordinates}</p>
      <a
        className="kind-card-link"
        href={mapLinkOf(location.latitude, location.longitude)}
        target="_blank"
        rel="noreferrer"
      >
        Open map
      </a>
    </div>
  );
}
