// Live feed: one SignalR connection per page. Events update the activity list and refresh any region marked
// data-live-refresh with the server-rendered version of the same page, so numbers are never computed twice.
(function () {
    if (!window.signalR) return;
    const connection = new signalR.HubConnectionBuilder()
        .withUrl("/hubs/events")
        .withAutomaticReconnect()
        .build();

    const labels = (() => {
        const list = document.getElementById("activity");
        try { return list ? JSON.parse(list.dataset.labels || "{}") : {}; } catch { return {}; }
    })();

    function chinaTime(iso) {
        const d = new Date(new Date(iso).getTime() + 8 * 3600 * 1000);
        const p = (n) => String(n).padStart(2, "0");
        return `${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
    }

    let refreshTimer;
    function refreshRegions() {
        clearTimeout(refreshTimer);
        refreshTimer = setTimeout(async () => {
            const regions = document.querySelectorAll("[data-live-refresh]");
            if (regions.length === 0) return;
            const response = await fetch(location.href, { headers: { "X-Requested-With": "live" } });
            if (!response.ok) return;
            const page = new DOMParser().parseFromString(await response.text(), "text/html");
            regions.forEach((region) => {
                // Never replace a form someone is filling in: refresh it later, when they are done.
                if (region.dataset.editing === "true" || region.contains(document.activeElement) && document.activeElement.matches("input, textarea, select")) {
                    region.dataset.stale = "true";
                    return;
                }
                const fresh = page.querySelector(`[data-live-refresh="${region.dataset.liveRefresh}"]`);
                if (fresh) region.innerHTML = fresh.innerHTML;
            });
            document.dispatchEvent(new CustomEvent("procurement:refreshed"));
        }, 400);
    }

    // Regions whose state changes without an event (system health) also refresh on their own clock.
    const every = Math.min(...Array.from(document.querySelectorAll("[data-refresh-every]"), (r) => Number(r.dataset.refreshEvery) * 1000));
    if (Number.isFinite(every) && every > 0) setInterval(refreshRegions, every);

    // A region with typed-in values is "editing" until its form is submitted; then a pending refresh may run.
    document.addEventListener("input", (e) => {
        const region = e.target.closest && e.target.closest("[data-live-refresh]");
        if (region) region.dataset.editing = "true";
    });

    // Kinds that come many times a minute and move one figure (a need's 我也需要 count): only a page with a region naming
    // the kind (data-live-kinds) refreshes on them, so a busy need does not make every open page ask for itself again.
    const narrow = new Set(["NeedSupported"]);

    connection.on("event", (e) => {
        document.dispatchEvent(new CustomEvent("procurement:event", { detail: e }));
        if (narrow.has(e.kind) && !document.querySelector(`[data-live-kinds~="${e.kind}"]`)) return;
        const list = document.getElementById("activity");
        // The stream shows the kinds its page names (those the server-rendered lines hold); other events only refresh.
        if (list && labels[e.kind]) {
            const li = document.createElement("li");
            const time = document.createElement("time");
            time.textContent = chinaTime(e.at);
            const kind = document.createElement("span");
            kind.className = "kind";
            kind.textContent = labels[e.kind];
            const title = (e.data && (e.data.title || e.data.name)) || "";
            // Like the server-rendered lines: the project's page, else the contract's.
            const href = e.data && (e.data.projectId ? `/projects/${e.data.projectId}` : e.data.contractId ? `/contracts/${e.data.contractId}` : null);
            let what = title;
            if (href && title) {
                what = document.createElement("a");
                what.href = href;
                what.textContent = title;
            }
            li.append(time, " ", kind, " ", what);
            li.classList.add("fresh");
            list.prepend(li);
            while (list.children.length > 20) list.lastElementChild.remove();
        }
        refreshRegions();
    });

    // New notices for this person: the menu's unread count is asked again (the notices themselves stay on their page).
    connection.on("notices", async () => {
        // The menu's link and, on a phone, the folded menu's button carry the same count.
        const badges = document.querySelectorAll("[data-unread]");
        if (badges.length === 0) return;
        const response = await fetch("/api/v1/notifications/unread", { headers: { "Accept": "application/json" } });
        if (!response.ok) return;
        const { count } = await response.json();
        badges.forEach((badge) => {
            badge.textContent = count;
            badge.hidden = count === 0;
            badge.setAttribute("aria-label", (badge.dataset.label || "{0}").replace("{0}", count));
        });
        document.dispatchEvent(new CustomEvent("procurement:notices", { detail: count }));
    });

    connection.start().then(() => document.documentElement.dataset.live = "connected").catch(() => { });
})();
