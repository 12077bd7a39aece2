// Form helpers, all progressive: every form posts and is checked on the server without them.
// - the error summary takes focus, and fields with errors point at their message (aria-invalid, aria-describedby);
// - row builders ([data-rows]) add and remove rows, keeping the posted names indexed 0..n-1;
// - running totals ([data-sum]) and weighted scores ([data-weighted]) follow what is typed;
// - the award form asks for a reason when the chosen bid is not the top one; forms with data-confirm ask first.
(function () {
    const money = (v) => "¥" + Number(v).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const num = (input) => {
        const v = parseFloat(input && input.value);
        return Number.isFinite(v) ? v : 0;
    };

    // Errors: focus the summary, link each invalid field to its message.
    const summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
    document.querySelectorAll(".input-validation-error").forEach((input) => {
        input.setAttribute("aria-invalid", "true");
        const message = document.querySelector(`[data-valmsg-for="${CSS.escape(input.name)}"]`);
        if (message) {
            message.id = message.id || input.id + "-error";
            const described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
            if (!described.includes(message.id)) described.push(message.id);
            input.setAttribute("aria-describedby", described.join(" "));
        }
    });

    // Row builders.
    function reindex(container) {
        container.querySelectorAll("[data-rows-body] > [data-row]").forEach((row, i) => {
            row.querySelectorAll("[name]").forEach((el) => { el.name = el.name.replace(/\[\d+\]/, `[${i}]`); });
            row.querySelectorAll("[id]").forEach((el) => { el.id = el.id.replace(/_\d+__/, `_${i}__`); });
            row.querySelectorAll("label[for]").forEach((el) => { el.htmlFor = el.htmlFor.replace(/_\d+__/, `_${i}__`); });
            row.querySelectorAll("[data-row-number]").forEach((el) => { el.textContent = String(i + 1); });
        });
        updateSums();
    }
    document.querySelectorAll("[data-rows]").forEach((container) => {
        const body = container.querySelector("[data-rows-body]");
        const template = container.querySelector("template");
        const add = container.querySelector("[data-add-row]");
        if (!body || !template || !add) return;
        add.addEventListener("click", () => {
            const row = template.content.firstElementChild.cloneNode(true);
            body.appendChild(row);
            reindex(container);
            const first = row.querySelector("input, textarea, select");
            if (first) first.focus();
        });
        container.addEventListener("click", (e) => {
            const remove = e.target.closest("[data-remove-row]");
            if (!remove) return;
            const row = remove.closest("[data-row]");
            const previous = row.previousElementSibling;
            row.remove();
            reindex(container);
            (previous ? previous.querySelector("input") : add).focus();
        });
    });

    // Running totals: <output data-sum="selector" data-target="100" | data-target-input="#id" data-format="money">.
    function updateSums() {
        document.querySelectorAll("output[data-sum]").forEach((out) => {
            const form = out.closest("form") || document;
            const sum = Array.from(form.querySelectorAll(out.dataset.sum)).reduce((s, el) => s + num(el), 0);
            const asMoney = out.dataset.format === "money";
            out.textContent = asMoney ? money(sum) : String(Math.round(sum * 100) / 100);
            let target = null;
            if (out.dataset.target) target = parseFloat(out.dataset.target);
            if (out.dataset.targetInput) {
                const input = form.querySelector(out.dataset.targetInput);
                target = input && input.value !== "" ? num(input) : null;
                const text = out.parentElement.querySelector("[data-target-text]");
                if (text) text.textContent = target === null ? "—" : asMoney ? money(target) : String(target);
            }
            const line = out.closest(".running");
            if (line) {
                const ok = target !== null && Math.abs(sum - target) < 0.005;
                line.classList.toggle("ok", ok);
                line.classList.toggle("bad", target !== null && !ok);
            }
        });
        document.querySelectorAll("[data-score-form]").forEach((form) => {
            const out = form.querySelector("output[data-weighted]");
            if (!out) return;
            const inputs = Array.from(form.querySelectorAll("input[data-weight]"));
            const filled = inputs.every((i) => i.value !== "");
            // A score outside its input's min–max (150, −5) or not a whole number gives no total: the input is marked instead.
            const outside = (i) => i.value !== "" && (!Number.isInteger(Number(i.value)) || Number(i.value) < Number(i.min) || Number(i.value) > Number(i.max));
            inputs.forEach((i) => {
                if (outside(i)) i.setAttribute("aria-invalid", "true");
                else if (!i.classList.contains("input-validation-error")) i.removeAttribute("aria-invalid");
            });
            const invalid = inputs.some(outside);
            const hint = form.querySelector("[data-weighted-invalid]");
            if (hint) hint.hidden = !invalid;
            const total = inputs.reduce((s, i) => s + num(i) * parseFloat(i.dataset.weight), 0) / 100;
            out.textContent = filled && !invalid ? total.toFixed(2) : "—";
        });
    }
    document.addEventListener("input", updateSums);
    updateSums();

    // Award: a reason is required when the chosen bid is not the top-ranked one.
    document.querySelectorAll("[data-award-form]").forEach((form) => {
        const note = form.querySelector("[data-reason-note]");
        const reason = form.querySelector("textarea[name=Reason]");
        const update = () => {
            const chosen = form.querySelector("input[name=BidId]:checked");
            const needed = chosen && chosen.dataset.top !== "true";
            if (note) note.hidden = !needed;
            if (reason) reason.toggleAttribute("aria-required", !!needed);
        };
        form.addEventListener("change", update);
        update();
    });

    // Registration: a community group has no credit code.
    const usccField = document.querySelector("[data-uscc-field]");
    if (usccField) {
        const update = () => {
            const kind = document.querySelector("input[data-kind]:checked");
            usccField.hidden = !!kind && kind.value === "CommunityGroup";
            const input = usccField.querySelector("input");
            input.required = !usccField.hidden;
            input.setAttribute("aria-required", String(!usccField.hidden));
        };
        document.querySelectorAll("input[data-kind]").forEach((r) => r.addEventListener("change", update));
        update();
    }

    // A button that prints the page (the contract summary); the print stylesheet leaves only the sheet.
    document.querySelectorAll("[data-print]").forEach((button) => button.addEventListener("click", () => window.print()));
})();
