// Irreversible actions (publishing, awarding, paying out, running a job) ask once before they are sent.
// A form, or the button that submits it, carries data-confirm: the sentence saying what will happen. "{key}" in it is
// filled from the data-key attribute of the form's checked choice (the chosen bid's organization and amount); when a
// choice is missing the form goes straight to the server, which names the missing field. data-confirm-title and
// data-confirm-ok name the dialog and its yes button. The dialog is modal, opens with "cancel" focused, Esc cancels.
(() => {
    const dialog = document.getElementById("confirm-dialog");
    const title = document.getElementById("confirm-title");
    const text = document.getElementById("confirm-text");
    const ok = document.getElementById("confirm-ok");

    const fill = (sentence, form) => {
        const chosen = form.querySelector("input:checked");
        let complete = true;
        const filled = sentence.replace(/\{(\w+)\}/g, (whole, key) => {
            const value = chosen?.dataset[key];
            if (value === undefined) complete = false;
            return value ?? whole;
        });
        return complete ? filled : null;
    };

    document.addEventListener("submit", (e) => {
        const form = e.target;
        const button = e.submitter;
        const sentence = button?.dataset.confirm ?? form.dataset.confirm;
        if (!sentence) return;
        if (form.dataset.confirmed === "yes") {
            delete form.dataset.confirmed;
            return;
        }
        const message = fill(sentence, form);
        if (message === null) return;
        e.preventDefault();
        const go = () => {
            form.dataset.confirmed = "yes";
            form.requestSubmit(button ?? undefined);
        };
        if (!dialog || typeof dialog.showModal !== "function") {
            if (window.confirm(message)) go();
            return;
        }
        title.textContent = button?.dataset.confirmTitle ?? form.dataset.confirmTitle ?? title.dataset.default;
        text.textContent = message;
        ok.textContent = button?.dataset.confirmOk ?? form.dataset.confirmOk ?? ok.dataset.default;
        dialog.returnValue = "";
        dialog.addEventListener("close", () => {
            if (dialog.returnValue === "ok") go();
        }, { once: true });
        dialog.showModal();
    });
})();
