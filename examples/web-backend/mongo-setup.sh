#!/bin/bash
# Installs MongoDB 7.0 from MongoDB's repository for Amazon Linux 2023 and
# listens on the private address too: only the function's security group
# may reach port 27017.
set -euo pipefail
cat > /etc/yum.repos.d/mongodb-org-7.0.repo <<'REPO'
[mongodb-org-7.0]
name=MongoDB Repository
baseurl=https://repo.mongodb.org/yum/amazon/2023/mongodb-org/7.0/x86_64/
gpgcheck=1
enabled=1
gpgkey=https://pgp.mongodb.com/server-7.0.asc
REPO
dnf install -y mongodb-org
# The packaged config reads `  bindIp: 127.0.0.1  # Enter 0.0.0.0,:: to bind ...`.
sed -i -E 's/^( *bindIp:) *127\.0\.0\.1.*$/\1 0.0.0.0/' /etc/mongod.conf
systemctl enable --now mongod
