// The report pages' charts, from the figures the page carries as JSON (json_script "chart-data").
document.addEventListener("DOMContentLoaded", function () {
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  const t = data.trends;
  function draw(id, config) { const el = document.getElementById(id); if (el) new Chart(el, config); }
  const percent = {scales: {y: {min: 0, max: 100, ticks: {callback: v => v + "%"}}}};
  draw("bieu-do-xu-huong", {type: "line", data: {labels: t.labels, datasets: [
    {label: data.names.received, data: t.received}, {label: data.names.resolved, data: t.resolved}]}});
  draw("bieu-do-truc-tuyen", {type: "bar", data: {labels: t.labels, datasets: [{label: data.names.online_share, data: t.online_share}]}, options: percent});
  draw("bieu-do-dung-han", {type: "line", data: {labels: t.labels, datasets: [{label: data.names.on_time_rate, data: t.on_time_rate}]}, options: percent});
  draw("bieu-do-hai-long", {type: "line", data: {labels: t.labels, datasets: [
    {label: data.names.satisfaction, data: t.satisfaction, borderColor: "#2e7d32", backgroundColor: "#2e7d32"},
    {label: data.names.dissatisfaction, data: t.dissatisfaction, borderColor: "#c62828", backgroundColor: "#c62828"}]}, options: percent});
  if (data.overdue) draw("bieu-do-qua-han", {type: "bar", data: {labels: data.overdue.labels, datasets: [
    {label: data.names.overdue, data: data.overdue.overdue, backgroundColor: "#c62828"},
    {label: data.names.within, data: data.overdue.within, backgroundColor: "#2e7d32"}]},
    options: {indexAxis: "y", scales: {x: {stacked: true}, y: {stacked: true}}}});
});
