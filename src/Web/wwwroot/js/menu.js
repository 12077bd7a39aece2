// The header menu on a narrow screen: one real button (aria-expanded) folds and unfolds the links. Escape closes it and
// gives focus back to the button. Without this script the button stays hidden and every link is shown.
(function () {
    const header = document.querySelector("header.top");
    const button = header && header.querySelector(".menu-toggle");
    if (!button) return;
    const narrow = window.matchMedia("(max-width: 800px)");

    function set(open) {
        header.dataset.menu = open ? "open" : "closed";
        button.setAttribute("aria-expanded", String(open));
    }

    button.hidden = false;
    set(!narrow.matches);
    button.addEventListener("click", () => set(header.dataset.menu !== "open"));
    header.addEventListener("keydown", (e) => {
        if (e.key === "Escape" && narrow.matches && header.dataset.menu === "open") {
            set(false);
            button.focus();
        }
    });
    // Turning a tablet or widening a window: the wide layout always shows the links.
    narrow.addEventListener("change", () => set(!narrow.matches));
})();
