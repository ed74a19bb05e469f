// A second, independent .xlsx implementation for the integration tests (npm exceljs):
//   node xlsx_tool.cjs write OUT.xlsx ROWS.json   writes ROWS (an array of arrays) as the first
//                                                  sheet; a cell {"number": "…"} is a numeric cell
//   node xlsx_tool.cjs read IN.xlsx               prints {"creator","description","sheets":[…]}
// so files the server reads were written by another tool, and files it writes are read by one.
const ExcelJS = require('exceljs');
const fs = require('fs');

async function main() {
  const [command, file, rowsFile] = process.argv.slice(2);
  if (command === 'write') {
    const rows = JSON.parse(fs.readFileSync(rowsFile, 'utf8'));
    const workbook = new ExcelJS.Workbook();
    workbook.creator = '县教育局招生办';
    const sheet = workbook.addWorksheet('录取结果');
    for (const row of rows)
      sheet.addRow(row.map((cell) => (cell && typeof cell === 'object' ? Number(cell.number) : cell)));
    await workbook.xlsx.writeFile(file);
  } else if (command === 'read') {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheets = [];
    workbook.eachSheet((sheet) => {
      const rows = [];
      sheet.eachRow({includeEmpty: false}, (row) => {
        const values = [];
        row.eachCell({includeEmpty: true}, (cell, column) => {
          values[column - 1] = cell.text;
        });
        rows.push(Array.from(values, (v) => (v === undefined ? '' : v)));
      });
      sheets.push({name: sheet.name, rows});
    });
    process.stdout.write(JSON.stringify({
      creator: workbook.creator || '',
      description: workbook.description || '',
      sheets,
    }));
  } else {
    throw new Error('usage: xlsx_tool.cjs write|read FILE [ROWS.json]');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
