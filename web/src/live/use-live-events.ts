import { useEffect, useRef, useState } from "react";
import type { StoredEvent } from "../api/contract.js";
import { api } from "../api/endpoints.js";

const POLL_MS = 2_000;
const FIRST_PAGE = 50;
const NEXT_PAGE = 500;
const KEEP = 500;

export interface LiveEvents {
  events: StoredEvent[];
  /** Ids that arrived after the first page, to highlight them. */
  fresh: ReadonlySet<number>;
  error: unknown;
  /** When the last poll answered, for "events in the last minute". */
  polledAt: number;
}

/** Polls the newest events every two seconds while not paused; newest first. */
export function useLiveEvents(paused: boolean): LiveEvents {
  const [events, setEvents] = useState<StoredEvent[]>([]);
  const [fresh, setFresh] = useState<ReadonlySet<number>>(new Set());
  const [error, setError] = useState<unknown>();
  const [polledAt, setPolledAt] = useState(() => Date.now());
  const lastId = useRef<number | undefined>(undefined);

  useEffect(() => {
    if (paused) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      const first = lastId.current === undefined;
      try {
        const page = await api.recentEvents(
          lastId.current,
          first ? FIRST_PAGE : NEXT_PAGE,
          controller.signal,
        );
        if (controller.signal.aborted) return;
        if (page.length > 0) {
          lastId.current = Math.max(lastId.current ?? 0, ...page.map((e) => e.id));
          setEvents((shown) => [...page, ...shown].slice(0, KEEP));
          if (!first) setFresh(new Set(page.map((e) => e.id)));
        } else if (first) {
          lastId.current = 0;
        }
        setError(undefined);
      } catch (failure) {
        if (controller.signal.aborted) return;
        setError(failure);
      }
      setPolledAt(Date.now());
      timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [paused]);

  return { events, fresh, error, polledAt };
}
