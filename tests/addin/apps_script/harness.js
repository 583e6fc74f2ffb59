// Runs addin/google/Code.gs under Node with stand-ins for the Apps Script services it uses,
// and prints what it did as JSON: the requests it sent, the toasts and alerts it showed, the
// menu it added, the properties it stored and the cells it wrote.
//
//   node harness.js Code.gs scenario.json
//
// The scenario says what the services answer: `properties` (document properties), `responses`
// (one per UrlFetchApp.fetch, in order: {code, body} or {unreachable: true}), `identityToken`,
// `timeZone`, `prompts` ({button, text} per ui.prompt), `sheets` ({name: rows}), `server` (the
// ILR_SERVER the script is pushed with, as an operator would set it) and `call`, the function to
// run.
'use strict';

const fs = require('fs');
const vm = require('vm');

const [codePath, scenarioPath] = process.argv.slice(2);
const scenario = JSON.parse(fs.readFileSync(scenarioPath, 'utf8'));
const seen = { fetches: [], toasts: [], sleeps: [], menus: [], alerts: [], prompts: [], writes: [] };
const properties = Object.assign({}, scenario.properties || {});
const responses = (scenario.responses || []).slice();
const prompts = (scenario.prompts || []).slice();

const ui = {
  ButtonSet: { OK_CANCEL: 'OK_CANCEL' },
  Button: { OK: 'OK', CANCEL: 'CANCEL' },
  createMenu(title) {
    const menu = { title, items: [] };
    seen.menus.push(menu);
    const builder = {
      addItem(caption, functionName) {
        menu.items.push([caption, functionName]);
        return builder;
      },
      addSeparator() {
        menu.items.push(['---', null]);
        return builder;
      },
      addToUi() {},
    };
    return builder;
  },
  prompt(title, message, buttons) {
    seen.prompts.push(message);
    const answer = prompts.shift();
    if (!answer) throw new Error('the script asked more questions than the scenario answers');
    return { getSelectedButton: () => answer.button, getResponseText: () => answer.text };
  },
  alert(message) {
    seen.alerts.push(message);
  },
};

function sheetStandIn(name, rows) {
  return {
    getName: () => name,
    getDataRange: () => ({ getValues: () => rows.map((row) => row.slice()) }),
    getRange(row, column) {
      return {
        setValue(value) {
          seen.writes.push([name, row, column, value]);
          rows[row - 1][column - 1] = value;
        },
      };
    },
  };
}

const sheets = Object.entries(scenario.sheets || {}).map(([name, rows]) => sheetStandIn(name, rows));
const book = {
  getId: () => scenario.spreadsheetId || '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdEF',
  getSpreadsheetTimeZone: () => scenario.timeZone || 'America/New_York',
  getSheets: () => sheets,
  toast(message, title, seconds) {
    seen.toasts.push([message, title, seconds]);
  },
};

const services = {
  SpreadsheetApp: { getActive: () => book, getUi: () => ui },
  PropertiesService: {
    getDocumentProperties: () => ({
      getProperty: (key) => (key in properties ? properties[key] : null),
      setProperty(key, value) {
        properties[key] = String(value);
      },
      setProperties(values) {
        for (const [key, value] of Object.entries(values)) properties[key] = String(value);
      },
      deleteProperty(key) {
        delete properties[key];
      },
    }),
  },
  UrlFetchApp: {
    fetch(url, options) {
      seen.fetches.push({ url, options: JSON.parse(JSON.stringify(options)) });
      const response = responses.shift();
      if (!response) throw new Error('the script sent more requests than the scenario answers');
      if (response.unreachable) throw new Error('Address unavailable: ' + url);
      const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
      return { getResponseCode: () => response.code, getContentText: () => text };
    },
  },
  Utilities: {
    sleep(milliseconds) {
      seen.sleeps.push(milliseconds);
    },
    formatDate(date, timeZone, pattern) {
      if (pattern !== 'HH:mm') throw new Error('the stand-in only formats HH:mm');
      return new Intl.DateTimeFormat('en-GB', {
        timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
      }).format(date);
    },
    base64Decode: (text) => Array.from(Buffer.from(text, 'base64')),
    newBlob: (bytes) => ({ getDataAsString: () => Buffer.from(bytes).toString('utf8') }),
  },
  ScriptApp: { getIdentityToken: () => scenario.identityToken || null },
};

const context = vm.createContext(Object.assign({}, services));
const DEPLOYED = /^var ILR_SERVER = '';$/m;
let code = fs.readFileSync(codePath, 'utf8');
if (!DEPLOYED.test(code)) throw new Error("Code.gs has no line var ILR_SERVER = '';");
code = code.replace(DEPLOYED, () => 'var ILR_SERVER = ' + JSON.stringify(scenario.server || '') + ';');
vm.runInContext(code, context, { filename: 'Code.gs' });
context[scenario.call]();
seen.properties = properties;
process.stdout.write(JSON.stringify(seen));
