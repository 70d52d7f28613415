/* Push notifications, inside the service worker at the site root (it loads this file with importScripts).
   A message carries a title and a path on this site, nothing else (notifications/push.py): the notification
   shows the title, and a tap opens the page, which checks access again. */
(function () {
  "use strict";

  var ICON = "/static/icons/icon-192.png";

  function sameSitePath(link) {
    // Only a path on this site is opened: never another origin, whatever the message says.
    if (typeof link !== "string" || link.charAt(0) !== "/" || link.charAt(1) === "/" || link.charAt(1) === "\\") {
      return "/notifications/";
    }
    return link;
  }

  self.addEventListener("push", function (event) {
    var message = {};
    try {
      message = event.data ? event.data.json() : {};
    } catch (error) {
      message = {};
    }
    var title = typeof message.title === "string" && message.title ? message.title : "Triangle";
    var link = sameSitePath(message.link);
    event.waitUntil(self.registration.showNotification(title, {
      icon: ICON,
      badge: ICON,
      tag: link,  // a second message about the same page replaces the first instead of piling up
      data: {link: link},
    }));
  });

  self.addEventListener("notificationclick", function (event) {
    event.notification.close();
    var link = sameSitePath(event.notification.data && event.notification.data.link);
    var target = new URL(link, self.location.origin).href;
    event.waitUntil(self.clients.matchAll({type: "window", includeUncontrolled: true}).then(function (windows) {
      for (var i = 0; i < windows.length; i++) {
        if (windows[i].url === target && "focus" in windows[i]) return windows[i].focus();
      }
      return self.clients.openWindow(target);
    }));
  });
})();
