import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Logger,
  Param,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuditLog } from '../admin';
import {
  AdminOnly,
  Public,
  constantTimeEqual,
  CONSOLE_COOKIE,
  type ConsoleSession,
  ConsoleSessionSigner,
} from '../auth';
import { DomainError } from '../common';
import { ConsoleConfig } from '../config';
import { CONSOLE_CSP, readConsoleAsset, readConsoleIndex } from './console-assets';
import { SignInDto } from './sign-in.dto';

type SessionRequest = Request & { consoleSession?: ConsoleSession };

/**
 * The operator console: its page and assets, and sign-in/out. The page itself holds no data; every
 * value it shows comes from the admin API, which takes the session cookie set here.
 */
@Controller('console')
@ApiExcludeController()
export class ConsoleController {
  private readonly logger = new Logger('Console');
  private readonly adminToken: string | undefined;
  private readonly sessionMs: number;
  private readonly signer: ConsoleSessionSigner | undefined;

  constructor(
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(ConsoleConfig) config: ConsoleConfig,
  ) {
    this.adminToken = config.adminToken;
    this.sessionMs = config.sessionMs;
    this.signer = config.adminToken ? new ConsoleSessionSigner(config.adminToken) : undefined;
  }

  /** Exchanges the admin token for an HttpOnly, SameSite=Strict session cookie. */
  @Post('session')
  @Public()
  @HttpCode(200)
  async signIn(
    @Body() body: SignInDto,
    @Req() req: SessionRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ expires_at: string }> {
    const token = this.enabledToken();
    if (!constantTimeEqual(body.token, token) || !this.signer) {
      this.logger.warn({ msg: 'console sign-in refused', ip: req.ip });
      throw new DomainError('ADMIN_UNAUTHORIZED', 'The admin token is not right.');
    }
    const { session, cookie } = this.signer.issue(Date.now(), this.sessionMs);
    res.cookie(CONSOLE_COOKIE, cookie, {
      httpOnly: true,
      sameSite: 'strict',
      // Browsers take Secure cookies from http://localhost; anywhere else the console is behind TLS.
      secure: !isLoopback(req.hostname),
      path: '/',
      expires: new Date(session.expiresAt),
    });
    req.consoleSession = session;
    await this.audit.record(req, 'sign-in', {
      expires_at: new Date(session.expiresAt).toISOString(),
    });
    return { expires_at: new Date(session.expiresAt).toISOString() };
  }

  /** Who is signed in (the page asks on load); 401 without a session. */
  @Get('session')
  @AdminOnly()
  session(@Req() req: SessionRequest): { expires_at?: string } {
    const expiresAt = req.consoleSession?.expiresAt;
    return expiresAt ? { expires_at: new Date(expiresAt).toISOString() } : {};
  }

  @Delete('session')
  @AdminOnly()
  @HttpCode(204)
  async signOut(
    @Req() req: SessionRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    res.clearCookie(CONSOLE_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict' });
    await this.audit.record(req, 'sign-out', {});
  }

  @Get('assets/:name')
  @Public()
  async asset(@Param('name') name: string, @Res() res: Response): Promise<void> {
    this.enabledToken();
    const asset = await readConsoleAsset(name);
    if (!asset) {
      throw new DomainError('NOT_FOUND', 'No such console asset.');
    }
    res.setHeader('Content-Security-Policy', CONSOLE_CSP);
    res.setHeader('Content-Type', asset.contentType);
    // Vite names assets by content hash, so a name never changes meaning.
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.end(asset.body);
  }

  /** The page, for /console and every path under it (the console routes in the browser). */
  @Get(['', '*path'])
  @Public()
  async page(@Res() res: Response): Promise<void> {
    this.enabledToken();
    let html: Buffer;
    try {
      html = await readConsoleIndex();
    } catch {
      throw new DomainError('NOT_FOUND', 'The console is not built: run npm run build.');
    }
    res.setHeader('Content-Security-Policy', CONSOLE_CSP);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.end(html);
  }

  /** The console is refused entirely, page included, when the admin API is off. */
  private enabledToken(): string {
    if (!this.adminToken) {
      throw new DomainError(
        'ADMIN_DISABLED',
        'The console is disabled: set ADMIN_TOKEN to enable it.',
      );
    }
    return this.adminToken;
  }
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}
