// Home charts: funding by source (pie) and project funding by region (bar), from the page's own JSON data block.
(function () {
    const data = JSON.parse(document.getElementById("chart-data").textContent);
    const yuan = (v) => "¥" + Number(v).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const colors = ["#c8102e", "#e07b39", "#8c6d1f", "#3b6e8f", "#5b8c5a"];
    const share = (items) => {
        const total = items.reduce((sum, f) => sum + Number(f.value), 0);
        return (name) => {
            const item = items.find((f) => f.name === name);
            return total > 0 && item ? `${name} ${(Number(item.value) * 100 / total).toFixed(1)}%` : name;
        };
    };

    const funding = echarts.init(document.getElementById("chart-funding"), null, { renderer: "svg" });
    funding.setOption({
        color: colors,
        tooltip: { trigger: "item", formatter: (p) => `${p.name}<br>${yuan(p.value)} (${p.percent}%)` },
        // Shares in the legend, which wraps, rather than beside the ring, where narrow charts cut them off.
        legend: { bottom: 0, formatter: share(data.funding) },
        series: [{ type: "pie", radius: ["36%", "62%"], center: ["50%", "44%"], data: data.funding.filter((f) => f.value > 0), label: { show: false } }],
    });

    const regions = echarts.init(document.getElementById("chart-regions"), null, { renderer: "svg" });
    regions.setOption({
        color: colors,
        grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
        tooltip: { trigger: "axis", formatter: (p) => `${p[0].name}<br>${yuan(p[0].value)}` },
        xAxis: { type: "value", axisLabel: { formatter: (v) => (v / 10000) + "万" } },
        yAxis: { type: "category", inverse: true, data: data.regions.map((r) => r.name) },
        series: [{ type: "bar", data: data.regions.map((r) => r.value), barMaxWidth: 22 }],
    });

    window.addEventListener("resize", () => { funding.resize(); regions.resize(); });
})();
