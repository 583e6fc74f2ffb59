/**
 * ILR Sheets: the ILR menu of this spreadsheet.
 *
 * ILR > Refresh (also assignable to a drawing: right-click it, Assign script, `refresh`) asks the
 * `ilr serve` endpoint at ILR_SERVER to refresh this spreadsheet, then shows how it went in the
 * corner of the sheet: "Refreshing…", "Refreshed at 10:42: <summary>", or the problem in plain
 * words. With no server named, it ticks the Refresh Now box on the Settings tab instead, for
 * `ilr watch` to pick up.
 *
 * The server's address is fixed here, when the script is pushed, not typed in the sheet. ILR >
 * Set up... stores this sheet's own password (or the choice of Google sign-in) in the document's
 * properties, with the address it was given for. If ILR_SERVER later names another address, the
 * menu sends nothing and says so until someone runs Set up... again. Every editor of the sheet
 * can press Refresh, and can read the password in the script editor: it refreshes this sheet
 * and no other.
 */

// The https:// address of your ILR server: set it before `clasp push`. Empty: `ilr watch` mode.
var ILR_SERVER = '';

var ILR = 'ILR';
var POLL_EVERY_MS = 5000;
var MAX_POLLS = 48; // four minutes; Apps Script stops any run after six
var SERVER_URL = 'ILR_SERVER_URL'; // the address Set up... was run for
var SERVER_PASSWORD = 'ILR_SERVER_PASSWORD'; // this sheet's password, or GOOGLE_SIGN_IN
var GOOGLE_SIGN_IN = 'google';
var MIN_PASSWORD_LENGTH = 32;
var REFRESH_NOW = 'refreshnow';

/** Adds the ILR menu when the spreadsheet opens. */
function onOpen() {
  SpreadsheetApp.getUi()
    .createMenu(ILR)
    .addItem('Refresh', 'refresh')
    .addSeparator()
    .addItem('Set up...', 'setUp')
    .addToUi();
}

/** ILR > Refresh: ask the server, then follow the refresh until it is done or failed. */
function refresh() {
  var book = SpreadsheetApp.getActive();
  var server = serverAddress_();
  if (!server) {
    tickRefreshNow_(book);
    return;
  }
  var properties = PropertiesService.getDocumentProperties();
  var authorization = authorization_(properties.getProperty(SERVER_PASSWORD));
  var problem =
    authorization.error || addressChanged_(properties.getProperty(SERVER_URL), server);
  if (problem) {
    book.toast(problem, ILR, 30);
    return;
  }
  book.toast('Refreshing…', ILR, -1);
  var job = call_(server, 'post', '/refresh', authorization.header, { spreadsheet: book.getId() });
  var shown = '';
  for (var poll = 0; !job.error && job.status === 'running' && poll < MAX_POLLS; poll++) {
    Utilities.sleep(POLL_EVERY_MS);
    job = call_(server, 'get', '/jobs/' + encodeURIComponent(job.job), authorization.header);
    if (job.status === 'running' && job.progress && job.progress !== shown) {
      shown = job.progress; // the stage the refresh is at: a district, the school it is at
      book.toast(shown, ILR, -1);
    }
  }
  book.toast(statusLine_(book, job), ILR, 30);
}

/** ILR_SERVER without spaces or a trailing slash; '' when no server is named. */
function serverAddress_() {
  return String(ILR_SERVER).trim().replace(/\/+$/, '');
}

function isHttps_(address) {
  return /^https:\/\/[^\s\/]+/.test(address);
}

/** The warning when the script names another server than the one Set up... was run for. */
function addressChanged_(confirmed, server) {
  if (confirmed === server) return null;
  if (!confirmed) return 'ILR is not set up yet: run ILR > Set up... first.';
  return (
    'The ILR server in this script is now ' + server + ' (ILR > Set up... was run for ' +
    confirmed + '), so nothing was sent. If whoever runs ILR moved the server, run ILR > ' +
    'Set up... again; if not, tell them the script was changed.'
  );
}

/** The line the person sees once the refresh is over (or still going after four minutes). */
function statusLine_(book, job) {
  if (job.error && job.status !== 'failed') return job.error;
  if (job.status === 'done') {
    var at = Utilities.formatDate(new Date(job.finished), book.getSpreadsheetTimeZone(), 'HH:mm');
    return 'Refreshed at ' + at + ': ' + job.summary;
  }
  if (job.status === 'failed') return 'The refresh did not finish: ' + job.error;
  return 'Still refreshing after four minutes: the tabs will change when it is done.';
}

/** ILR > Set up...: this sheet's password for the server named in ILR_SERVER, or sign-in. */
function setUp() {
  var ui = SpreadsheetApp.getUi();
  var book = SpreadsheetApp.getActive();
  var properties = PropertiesService.getDocumentProperties();
  var server = serverAddress_();
  if (!server) {
    properties.deleteProperty(SERVER_URL);
    properties.deleteProperty(SERVER_PASSWORD);
    ui.alert(
      'This script names no ILR server (ILR_SERVER at the top of Code.gs is empty), so ILR > ' +
        'Refresh ticks Refresh Now on the Settings tab: keep `ilr watch` running. To use a ' +
        'server, set ILR_SERVER and push the script again.'
    );
    return;
  }
  if (!isHttps_(server)) {
    ui.alert(
      'ILR_SERVER at the top of Code.gs must start with https:// (the password travels with ' +
        'each request): correct it and push the script again.'
    );
    return;
  }
  var answer = ui.prompt(
    'ILR set-up',
    "This sheet's password for the ILR server at " + server + ' (whoever runs the server ' +
      'prints it with `ilr serve --sheet-password ' + book.getId() + '`), or the word google ' +
      'to sign in with your Google account instead.',
    ui.ButtonSet.OK_CANCEL
  );
  if (answer.getSelectedButton() !== ui.Button.OK) return;
  var secret = answer.getResponseText().trim();
  if (!secret) {
    ui.alert('Nothing was changed: the password is empty.');
    return;
  }
  if (secret.toLowerCase() === GOOGLE_SIGN_IN) {
    secret = GOOGLE_SIGN_IN;
  } else if (/\s/.test(secret) || secret.length < MIN_PASSWORD_LENGTH) {
    ui.alert(
      'Nothing was changed: a sheet password is one line of 43 characters with no spaces. ' +
        'Paste the whole line `ilr serve --sheet-password` printed.'
    );
    return;
  }
  properties.setProperty(SERVER_URL, server);
  properties.setProperty(SERVER_PASSWORD, secret);
  if (secret === GOOGLE_SIGN_IN) {
    ui.alert(googleSignInAdvice_(book));
    return;
  }
  ui.alert('Done: ILR > Refresh now asks ' + server + ' to refresh this spreadsheet.');
}

/** What the server needs to accept this script's Google sign-in for this sheet. */
function googleSignInAdvice_(book) {
  var token = ScriptApp.getIdentityToken();
  if (!token) return noSignInScopes_();
  var claims = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  while (claims.length % 4) claims += '=';
  var audience = JSON.parse(Utilities.newBlob(Utilities.base64Decode(claims)).getDataAsString()).aud;
  return (
    'Done. On the server, set ILR_SERVE_AUDIENCE=' + audience + ', add ' + book.getId() +
    ' to ILR_SERVE_SPREADSHEETS and list the emails or domains that may refresh in ' +
    'ILR_SERVE_ALLOW.'
  );
}

function noSignInScopes_() {
  return (
    'Google sign-in needs the openid and userinfo.email scopes in appsscript.json: add them, ' +
    'push the script again, then allow access when asked.'
  );
}

/** The Authorization header: the shared secret, or this person's Google identity token. */
function authorization_(password) {
  if (!password) return { error: 'ILR is not set up yet: run ILR > Set up... first.' };
  if (password !== GOOGLE_SIGN_IN) return { header: 'Bearer ' + password };
  var token = ScriptApp.getIdentityToken();
  if (!token) return { error: noSignInScopes_() };
  return { header: 'Bearer ' + token };
}

/** One request to the server: its JSON answer, or {error: one plain sentence}.
 *
 * The address is checked again on every call, and redirects are not followed: the password or
 * sign-in travels only to the https:// address the script names. */
function call_(server, method, path, authorization, payload) {
  if (!isHttps_(server)) {
    return {
      error: 'ILR_SERVER at the top of Code.gs must start with https://, so nothing was sent: ' +
        'correct it and push the script again.',
    };
  }
  var options = {
    method: method,
    headers: { Authorization: authorization },
    muteHttpExceptions: true,
    followRedirects: false,
  };
  if (payload) {
    options.contentType = 'application/json';
    options.payload = JSON.stringify(payload);
  }
  var response;
  try {
    response = UrlFetchApp.fetch(server + path, options);
  } catch (unreachable) {
    return {
      error: 'The ILR server at ' + server + ' could not be reached: check that it is running ' +
        'and ILR_SERVER at the top of Code.gs.',
    };
  }
  var code = response.getResponseCode();
  if (code >= 300 && code < 400) {
    return {
      error: 'The ILR server at ' + server + ' answered with a redirect, which the menu does ' +
        'not follow: check ILR_SERVER at the top of Code.gs.',
    };
  }
  var answer;
  try {
    answer = JSON.parse(response.getContentText());
  } catch (notJson) {
    answer = {};
  }
  if (code >= 400 || typeof answer !== 'object' || answer === null) {
    return {
      error: (answer && answer.error) ||
        'The ILR server answered ' + code + ': check ILR_SERVER at the top of Code.gs.',
    };
  }
  return answer;
}

/** No server: tick the Settings tab's Refresh Now box for `ilr watch` to pick up. */
function tickRefreshNow_(book) {
  var box = refreshNowBox_(book);
  if (!box) {
    book.toast(
      'Set up the ILR server (ILR > Set up...), or add a Refresh Now row with a checkbox to the ' +
        'Settings tab and keep `ilr watch` running.',
      ILR,
      30
    );
    return;
  }
  box.setValue(true);
  book.toast(
    'Refresh requested: `ilr watch` refreshes within a minute, then unticks Refresh Now.',
    ILR,
    30
  );
}

/** The Value cell of the Refresh Now row on the Settings tab, or null. */
function refreshNowBox_(book) {
  var tabs = book.getSheets();
  for (var t = 0; t < tabs.length; t++) {
    if (folded_(tabs[t].getName()) !== 'settings') continue;
    var rows = tabs[t].getDataRange().getValues();
    var valueColumn = rows.length ? rows[0].map(folded_).indexOf('value') : -1;
    if (valueColumn < 0) valueColumn = 1;
    for (var r = 1; r < rows.length; r++) {
      if (folded_(rows[r][0]) === REFRESH_NOW) return tabs[t].getRange(r + 1, valueColumn + 1);
    }
  }
  return null;
}

/** A header or key as the tool matches it: `Refresh Now` -> `refreshnow`. */
function folded_(text) {
  return String(text).toLowerCase().replace(/[^a-z0-9]/g, '');
}
