// 定时任务: while a job runs (or just after "run now"), the jobs table is fetched again every 2 s and put in place of the
// old one, so the progress bar moves and the outcome appears without reloading the page.
(() => {
  const selector = '[data-testid="jobs"]';
  // After "run now" the run may not have started yet, or may have finished already: look a few more times.
  let extra = document.querySelector('[data-triggered]') ? 5 : 0;

  async function poll() {
    const table = document.querySelector(selector);
    if (!table || (!table.querySelector('[data-running]') && extra-- <= 0)) return;
    try {
      const response = await fetch(location.pathname, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
      const fresh = response.ok && new DOMParser().parseFromString(await response.text(), 'text/html').querySelector(selector);
      if (fresh) table.replaceWith(fresh);
    } catch {
      // The network dropped for a moment: the next tick tries again.
    }
    setTimeout(poll, 2000);
  }

  setTimeout(poll, 2000);
})();
