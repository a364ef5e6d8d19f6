@REM Called by mvnw.cmd and workshop.cmd: sets JAVA_HOME to a JDK 21 or newer, or prints why
@REM there is none and exits 1. Cheap on every run: JAVA_HOME if it is one, else the JDK found
@REM last time (.workshop\jdk, git-ignored), else FindJdk (workshop-cli) looks where installers
@REM put one and remembers it. The same steps as jdk.sh.
@SET "__JDK_ROOT__=%~dp0.."
@SET "__JDK_CACHE__=%__JDK_ROOT__%\.workshop\jdk"
@CALL :is_jdk_21 "%JAVA_HOME%" && GOTO :EOF
@SET "__JDK_CACHED__="
@IF EXIST "%__JDK_CACHE__%" FOR /F "usebackq delims=" %%H IN ("%__JDK_CACHE__%") DO @SET "__JDK_CACHED__=%%H"
@IF DEFINED __JDK_CACHED__ CALL :is_jdk_21 "%__JDK_CACHED__%" && (SET "JAVA_HOME=%__JDK_CACHED__%" & GOTO :EOF)
@REM Any java can run the finder (a single-file program needs Java 11+).
@SET "__JDK_JAVA__=java"
@IF DEFINED JAVA_HOME IF EXIST "%JAVA_HOME%\bin\java.exe" SET "__JDK_JAVA__=%JAVA_HOME%\bin\java.exe"
@IF "%__JDK_JAVA__%"=="java" WHERE java >NUL 2>&1 || GOTO :no_java
@SET "__JDK_FOUND__="
@FOR /F "delims=" %%H IN ('call "%__JDK_JAVA__%" "%__JDK_ROOT__%\workshop-cli\src\main\java\workshop\cli\FindJdk.java" --cache "%__JDK_CACHE__%"') DO @SET "__JDK_FOUND__=%%H"
@REM Nothing printed on stdout: FindJdk has said on stderr what it found and what to do.
@IF NOT DEFINED __JDK_FOUND__ EXIT /B 1
@SET "JAVA_HOME=%__JDK_FOUND__%"
@GOTO :EOF

:no_java
@ECHO No JDK 21 or newer was found, and no Java to look for one. The workshop needs a JDK 21 or newer: install one (Eclipse Temurin from https://adoptium.net, or winget install EclipseAdoptium.Temurin.21.JDK), or set JAVA_HOME to one that is installed. 1>&2
@EXIT /B 1

:is_jdk_21
@REM %1 is a JDK (it has javac) whose release file says version 21 or newer.
@IF "%~1"=="" EXIT /B 1
@IF NOT EXIST "%~1\bin\javac.exe" EXIT /B 1
@IF NOT EXIST "%~1\release" EXIT /B 1
@SET "__JDK_MAJOR__=0"
@FOR /F "usebackq tokens=2 delims==" %%V IN (`findstr /B "JAVA_VERSION=" "%~1\release"`) DO @FOR /F "tokens=1 delims=." %%M IN (%%V) DO @SET "__JDK_MAJOR__=%%M"
@IF %__JDK_MAJOR__% GEQ 21 EXIT /B 0
@EXIT /B 1
