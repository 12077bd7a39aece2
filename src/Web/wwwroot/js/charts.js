// Page charts drawn from the page's own JSON blocks: <div data-chart="pie|ranking" data-source="json-id">.
// Redrawn when the live feed replaces a region of the page.
(function () {
    if (!window.echarts) return;
    const yuan = (v) => "¥" + Number(v).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const colors = ["#c8102e", "#e07b39", "#8c6d1f", "#3b6e8f", "#5b8c5a"];
    const charts = [];
    // A short animation: the numbers matter more than the motion.
    const base = { animationDuration: 300 };

    const kinds = {
        // Side-by-side quantities people compare: {names, values, money}.
        bars: (data, el) => ({
            color: colors,
            grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
            tooltip: { trigger: "axis", formatter: (p) => `${p[0].name}<br>${data.money ? yuan(p[0].value) : Number(p[0].value).toLocaleString("zh-CN")}` },
            xAxis: { type: "value", minInterval: data.money ? 0 : 1, axisLabel: { formatter: (v) => data.money ? (v / 10000) + "万" : v } },
            yAxis: { type: "category", inverse: true, data: data.names, axisLabel: { width: Math.min(140, el.clientWidth * 0.35), overflow: "truncate" } },
            series: [{ type: "bar", data: data.values, barMaxWidth: 24, colorBy: "data",
                label: { show: true, position: "right", formatter: (p) => data.money ? yuan(p.value) : Number(p.value).toLocaleString("zh-CN") } }],
        }),
        // Shares in the legend, which wraps, rather than beside the ring, where narrow charts cut them off.
        pie: (data) => {
            const total = data.reduce((sum, f) => sum + Number(f.value), 0);
            const share = (name) => {
                const item = data.find((f) => f.name === name);
                return total > 0 && item ? `${name} ${(Number(item.value) * 100 / total).toFixed(1)}%` : name;
            };
            return {
                color: colors,
                tooltip: { trigger: "item", formatter: (p) => `${p.name}<br>${yuan(p.value)} (${p.percent}%)` },
                legend: { bottom: 0, formatter: share },
                series: [{ type: "pie", radius: ["34%", "60%"], center: ["50%", "44%"], data: data.filter((f) => f.value > 0), label: { show: false } }],
            };
        },
        ranking: (data, el) => ({
            color: colors,
            grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
            tooltip: { trigger: "axis", formatter: (p) => `${p[0].name}<br>${data.label} ${p[0].value ?? "—"}` },
            xAxis: { type: "value", min: 0, max: 100 },
            yAxis: { type: "category", inverse: true, data: data.names, axisLabel: { width: Math.min(160, el.clientWidth * 0.35), overflow: "truncate" } },
            series: [{ type: "bar", data: data.scores, barMaxWidth: 24, label: { show: true, position: "right", formatter: (p) => p.value == null ? "—" : Number(p.value).toFixed(2) } }],
        }),
    };

    function draw() {
        charts.splice(0).forEach((c) => c.dispose());
        document.querySelectorAll("[data-chart]").forEach((el) => {
            const source = document.getElementById(el.dataset.source);
            const make = kinds[el.dataset.chart];
            if (!source || !make) return;
            const chart = echarts.init(el, null, { renderer: "svg" });
            chart.setOption(Object.assign({}, base, make(JSON.parse(source.textContent), el)));
            charts.push(chart);
        });
    }

    draw();
    // Redrawn, not only resized: label widths follow the chart's width (a phone turned sideways).
    let timer;
    window.addEventListener("resize", () => { clearTimeout(timer); timer = setTimeout(draw, 150); });
    document.addEventListener("procurement:refreshed", draw);
})();
